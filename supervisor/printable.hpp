#pragma once
// What bulkhead prints must be inert on a terminal (design section 7): a
// partition's bytes can neither move the cursor, rewrite a line, switch the
// terminal's modes nor reorder text. makePrintable keeps printable ASCII,
// tab and well-formed UTF-8 text, and writes everything else as visible
// escapes: C0 controls, DEL and bytes that are not UTF-8 as `\xHH`, C1
// controls and Unicode's line separators and bidirectional overrides as
// `\u{HHHH}`. The result never holds ESC, CR or a newline.
#include <string>
#include <string_view>

namespace bulkhead::supervisor {

std::string makePrintable(std::string_view text);

// Whether makePrintable would return `text` unchanged (the common case:
// the line is copied as it is).
bool isPrintable(std::string_view text);

}  // namespace bulkhead::supervisor
