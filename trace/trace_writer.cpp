#include "trace/trace_writer.hpp"

#include <fmt/format.h>

namespace bulkhead::trace {

namespace {

// Microseconds with exactly three decimals: 1500 ns -> "1.500".
void appendMicroseconds(std::string& out, Nanoseconds ns) {
  if (ns < 0) {
    out += '-';
    ns = -ns;
  }
  fmt::format_to(std::back_inserter(out), "{}.{:03}", ns / 1000, ns % 1000);
}

}  // namespace

void appendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        else
          out += c;
    }
  }
  out += '"';
}

std::string hexBytes(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size() * 3);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i) out += ' ';
    fmt::format_to(std::back_inserter(out), "{:02X}", bytes[i]);
  }
  return out;
}

TraceWriter::TraceWriter(std::ostream& out) : out_(out) {
  // displayTimeUnit only changes the ruler; "ts" stays in microseconds.
  out_ << "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[";
}

TraceWriter::~TraceWriter() { finish(); }

void TraceWriter::finish() {
  if (finished_) return;
  finished_ = true;
  out_ << "\n]}\n";
  out_.flush();
}

void TraceWriter::open(std::string_view ph, Track track, std::string_view name,
                       std::string_view category, Nanoseconds at) {
  buffer_.clear();
  buffer_ += events_ ? ",\n{" : "\n{";
  buffer_ += "\"ph\":\"";
  buffer_ += ph;
  buffer_ += "\",\"name\":";
  appendJsonString(buffer_, name);
  if (!category.empty()) {
    buffer_ += ",\"cat\":";
    appendJsonString(buffer_, category);
  }
  fmt::format_to(std::back_inserter(buffer_), ",\"pid\":{},\"tid\":{},\"ts\":", track.pid, track.tid);
  appendMicroseconds(buffer_, at);
}

void TraceWriter::writeArgs(std::initializer_list<Arg> args) {
  if (args.size() == 0) return;
  buffer_ += ",\"args\":{";
  bool first = true;
  for (const Arg& a : args) {
    if (!first) buffer_ += ',';
    first = false;
    appendJsonString(buffer_, a.key);
    buffer_ += ':';
    if (const auto* n = std::get_if<std::int64_t>(&a.value))
      fmt::format_to(std::back_inserter(buffer_), "{}", *n);
    else
      appendJsonString(buffer_, std::get<std::string_view>(a.value));
  }
  buffer_ += '}';
}

void TraceWriter::close() {
  buffer_ += '}';
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  ++events_;
}

void TraceWriter::nameProcess(int pid, std::string_view name, int sortIndex) {
  if (finished_) return;
  open("M", {pid, 0}, "process_name", "", 0);
  buffer_ += ",\"args\":{\"name\":";
  appendJsonString(buffer_, name);
  buffer_ += '}';
  close();
  open("M", {pid, 0}, "process_sort_index", "", 0);
  fmt::format_to(std::back_inserter(buffer_), ",\"args\":{{\"sort_index\":{}}}", sortIndex);
  close();
}

void TraceWriter::nameTrack(Track track, std::string_view name, int sortIndex) {
  if (finished_) return;
  open("M", track, "thread_name", "", 0);
  buffer_ += ",\"args\":{\"name\":";
  appendJsonString(buffer_, name);
  buffer_ += '}';
  close();
  open("M", track, "thread_sort_index", "", 0);
  fmt::format_to(std::back_inserter(buffer_), ",\"args\":{{\"sort_index\":{}}}", sortIndex);
  close();
}

void TraceWriter::slice(Track track, std::string_view name, std::string_view category,
                        Nanoseconds start, Nanoseconds duration, std::initializer_list<Arg> args) {
  if (finished_) return;
  open("X", track, name, category, start);
  buffer_ += ",\"dur\":";
  appendMicroseconds(buffer_, duration);
  writeArgs(args);
  close();
}

void TraceWriter::begin(Track track, std::string_view name, std::string_view category,
                        Nanoseconds at, std::initializer_list<Arg> args) {
  if (finished_) return;
  open("B", track, name, category, at);
  writeArgs(args);
  close();
}

void TraceWriter::end(Track track, Nanoseconds at) {
  if (finished_) return;
  open("E", track, "", "", at);
  close();
}

void TraceWriter::instant(Track track, std::string_view name, std::string_view category,
                          Nanoseconds at, std::initializer_list<Arg> args) {
  if (finished_) return;
  open("i", track, name, category, at);
  buffer_ += ",\"s\":\"t\"";
  writeArgs(args);
  close();
}

void TraceWriter::flowStart(Track track, std::string_view name, std::string_view category,
                            Nanoseconds at, std::uint64_t id) {
  if (finished_) return;
  open("s", track, name, category, at);
  fmt::format_to(std::back_inserter(buffer_), ",\"id\":{}", id);
  close();
}

void TraceWriter::flowEnd(Track track, std::string_view name, std::string_view category,
                          Nanoseconds at, std::uint64_t id) {
  if (finished_) return;
  // "bp":"e": bind to the slice enclosing the point, not the next one.
  open("f", track, name, category, at);
  fmt::format_to(std::back_inserter(buffer_), ",\"id\":{},\"bp\":\"e\"", id);
  close();
}

void TraceWriter::counter(int pid, std::string_view name, Nanoseconds at, std::string_view series,
                          std::int64_t value) {
  if (finished_) return;
  open("C", {pid, 0}, name, "", at);
  buffer_ += ",\"args\":{";
  appendJsonString(buffer_, series);
  fmt::format_to(std::back_inserter(buffer_), ":{}}}", value);
  close();
}

}  // namespace bulkhead::trace
