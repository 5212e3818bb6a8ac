import Foundation
import KelvinIO
import Testing

@Suite("atomic output files")
struct AtomicOutputFileTests {
  func write(_ path: String, _ text: String, inputs: [String] = []) throws {
    let file = try AtomicOutputFile(path: path, inputs: inputs)
    try file.write(text)
    try file.commit()
  }

  func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

  func hidden(_ folder: TemporaryFolder) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path("")).filter {
      $0.hasPrefix(".")
    }
  }

  @Test("a symbolic link is written through: the target is replaced, the link stays a link")
  func symbolicLink() throws {
    let folder = try TemporaryFolder()
    try write(folder.path("target.txt"), "old")
    try FileManager.default.createSymbolicLink(
      atPath: folder.path("link.txt"), withDestinationPath: "target.txt")
    let file = try AtomicOutputFile(path: folder.path("link.txt"))
    #expect(file.destination == folder.path("target.txt"))
    try file.write("new")
    try file.commit()
    #expect(try read(folder.path("target.txt")) == "new")
    let kind = try FileManager.default.attributesOfItem(atPath: folder.path("link.txt"))[.type]
    #expect(kind as? FileAttributeType == .typeSymbolicLink)
  }

  @Test("replacing a file keeps its permission bits")
  func keepsMode() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("private.txt")
    try write(path, "one")
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    try write(path, "two")
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    #expect(try read(path) == "two")
  }

  @Test("an output that is an input — the same path, a symbolic link or a hard link — is refused")
  func notAnInput() throws {
    let folder = try TemporaryFolder()
    let input = folder.path("in.csv")
    try write(input, "1,2\n")
    try FileManager.default.createSymbolicLink(
      atPath: folder.path("soft.csv"), withDestinationPath: input)
    try FileManager.default.linkItem(atPath: input, toPath: folder.path("hard.csv"))
    for output in [input, folder.path("soft.csv"), folder.path("hard.csv")] {
      do {
        try write(output, "x", inputs: [input])
        Issue.record("\(output) replaced its input")
      } catch let error as KelvinIOError {
        #expect(error.kind == .io && error.problem.contains("is the input"))
      }
    }
    #expect(try read(input) == "1,2\n")
  }

  @Test("a directory, a FIFO or a device is named as such")
  func notARegularFile() throws {
    let folder = try TemporaryFolder()
    #expect(mkfifo(folder.path("pipe"), 0o600) == 0)
    for (path, word) in [
      (folder.path(""), "is a directory"), (folder.path("pipe"), "is a FIFO"),
      ("/dev/null", "is a device"),
    ] {
      #expect(throws: KelvinIOError.self) { try write(path, "x") }
      do { try write(path, "x") } catch let error as KelvinIOError {
        #expect(error.problem.contains(word), "\(error)")
      }
    }
  }

  @Test("temporary files of processes that are gone are removed on the next write")
  func staleTemporaries() throws {
    let folder = try TemporaryFolder()
    // pid 2^22 + 1 is above Linux's default pid_max: no such process.
    let stale = folder.path(".out.txt.kelvin-4194305.abcdef")
    let live = folder.path(".out.txt.kelvin-\(getpid()).abcdef")
    for path in [stale, live] {
      #expect(FileManager.default.createFile(atPath: path, contents: nil))
    }
    try write(folder.path("out.txt"), "x")
    #expect(!FileManager.default.fileExists(atPath: stale))
    #expect(FileManager.default.fileExists(atPath: live))
  }
}
