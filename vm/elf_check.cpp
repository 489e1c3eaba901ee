#include "vm/elf_check.hpp"

#include "vm/file_io.hpp"

#include <cstring>
#include <elf.h>

namespace bulkhead::vm {

VmResult<ElfLinkage> elfLinkage(const std::filesystem::path& path) {
  auto bytes = readWholeFile(path);
  if (!bytes) return std::unexpected(bytes.error());
  const std::string where = path.string() + ": ";
  Elf64_Ehdr header;
  if (bytes->size() < sizeof header || std::memcmp(bytes->data(), ELFMAG, SELFMAG) != 0)
    return vmFail(where + "not an ELF executable");
  std::memcpy(&header, bytes->data(), sizeof header);
  if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_machine != EM_X86_64)
    return vmFail(where + "not an x86-64 executable (the guest is x86-64)");
  if (header.e_type != ET_EXEC && header.e_type != ET_DYN) return vmFail(where + "not an executable");
  for (unsigned i = 0; i < header.e_phnum; ++i) {
    std::size_t offset = header.e_phoff + std::size_t{i} * header.e_phentsize;
    Elf64_Phdr program;
    if (header.e_phentsize < sizeof program || offset + sizeof program > bytes->size())
      return vmFail(where + "truncated ELF program headers");
    std::memcpy(&program, bytes->data() + offset, sizeof program);
    if (program.p_type == PT_INTERP) return ElfLinkage::Dynamic;  // needs ld.so
  }
  return ElfLinkage::Static;
}

}  // namespace bulkhead::vm
