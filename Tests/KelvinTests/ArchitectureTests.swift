import Foundation
import Testing

/// The import table of docs/ARCHITECTURE.md is a claim about the sources; this holds it to them.
@Suite("architecture")
struct ArchitectureTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// module → the names its table row lists.
  static func documentedImports() throws -> [String: Set<String>] {
    let text = try String(
      contentsOf: root.appendingPathComponent("docs/ARCHITECTURE.md"), encoding: .utf8)
    var table: [String: Set<String>] = [:]
    for line in text.split(separator: "\n")
    where line.hasPrefix("| Kelvin") || line.hasPrefix("| kelvin") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count == 2 else { continue }
      table[cells[0]] = Set(
        cells[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }
    return table
  }

  /// The modules each source folder imports, the platform C libraries as "libc".
  static func actualImports(of module: String) throws -> Set<String> {
    let folder = root.appendingPathComponent("Sources/\(module)")
    let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    var found: Set<String> = []
    while let file = files?.nextObject() as? URL {
      guard file.pathExtension == "swift" else { continue }
      for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
        let words = line.split(separator: " ")
        guard let position = words.firstIndex(of: "import"), position + 1 < words.count,
          words[..<position].allSatisfy({ $0.hasPrefix("@") })
        else { continue }
        let name = String(words[position + 1])
        found.insert(["Glibc", "Musl", "Darwin", "ucrt"].contains(name) ? "libc" : name)
      }
    }
    return found
  }

  @Test("every module imports exactly what the import table says")
  func importTable() throws {
    let table = try Self.documentedImports()
    #expect(table.count == 15)
    for (module, documented) in table {
      #expect(try Self.actualImports(of: module) == documented, "\(module)")
    }
  }

  @Test("each module has a section that names every folder it has, as `Folder/`")
  func sectionsNameEveryFolder() throws {
    let text = try String(
      contentsOf: Self.root.appendingPathComponent("docs/ARCHITECTURE.md"), encoding: .utf8)
    var sections: [String: String] = [:]
    for part in text.components(separatedBy: "\n## ").dropFirst() {
      let title = part.prefix { $0 != "\n" }.trimmingCharacters(in: .whitespaces)
      sections[title] = part
    }
    let sources = Self.root.appendingPathComponent("Sources")
    let modules = try FileManager.default.contentsOfDirectory(atPath: sources.path)
    #expect(modules.count >= 16)
    for module in modules {
      let section = try #require(sections[module], "docs/ARCHITECTURE.md has no ## \(module)")
      let folder = sources.appendingPathComponent(module)
      for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
        var isFolder: ObjCBool = false
        guard
          FileManager.default.fileExists(
            atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder),
          isFolder.boolValue
        else { continue }
        #expect(section.contains("\(name)/"), "\(module): the section does not name \(name)/")
      }
    }
  }
}
