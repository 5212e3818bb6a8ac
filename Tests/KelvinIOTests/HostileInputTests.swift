import Foundation
import KelvinIO
import Testing

/// The committed corpus of malformed files: each must be refused with a one-line error that
/// names the file and the problem, and nothing else (no crash, no hang, no huge allocation).
@Suite("hostile input")
struct HostileInputTests {
  static let corpus = (try? Fixtures.hostileManifest()) ?? []

  @Test("the corpus is present")
  func corpusIsPresent() {
    #expect(Self.corpus.count >= 60)
  }

  @Test("every malformed file is refused with its problem named", arguments: corpus.map(\.name))
  func refused(name: String) throws {
    let entry = try #require(Self.corpus.first { $0.name == name })
    let path = Fixtures.path("hostile/" + name)
    let error = #expect(throws: KelvinIOError.self) {
      let source = try MatrixFile.open(path)
      if entry.reader == "labels" {
        _ = try source.readIntegers()
      } else {
        _ = try source.allValues()
      }
    }
    #expect(error?.kind == .malformed)
    #expect(error?.path == path)
    // The description escapes control characters from the file (a dtype with a form feed).
    #expect(
      error?.description.contains(entry.expect) == true, "\(error?.description ?? "no error")")
    #expect(error?.description.contains("\n") == false)
  }

  @Test("a missing file is .missingInput; a directory is malformed")
  func missingAndDirectory() throws {
    let folder = try TemporaryFolder()
    let missing = #expect(throws: KelvinIOError.self) {
      try MatrixFile.open(folder.path("absent.npy"))
    }
    #expect(missing?.kind == .missingInput)
    #expect(missing?.problem == "cannot open: no such file")
    try FileManager.default.createDirectory(
      atPath: folder.path("folder.npy"), withIntermediateDirectories: false)
    let directory = #expect(throws: KelvinIOError.self) {
      try MatrixFile.open(folder.path("folder.npy"))
    }
    #expect(directory?.kind == .malformed)
    #expect(directory?.problem == "is a directory, not a file")
  }

  @Test("a header longer than the limit is refused before it is read")
  func headerOverLimit() throws {
    // A version 2.0 header that claims 2 MiB and really is that long.
    let folder = try TemporaryFolder()
    let length = 2 << 20
    var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 2, 0]
    bytes += (0..<4).map { UInt8((length >> (8 * $0)) & 0xFF) }
    bytes += [UInt8](repeating: 0x20, count: length)
    let path = folder.path("long_header.npy")
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    let error = #expect(throws: KelvinIOError.self) { try MatrixFile.open(path) }
    #expect(error?.problem == "header length 2097152 exceeds the limit of 1048576 bytes")
  }

  @Test("an unknown extension is refused with the formats listed")
  func unknownExtension() throws {
    let error = #expect(throws: KelvinIOError.self) { try MatrixFile.open("logits.bin") }
    #expect(error?.problem.contains(".npy, .safetensors, .json, .csv or .tsv") == true)
  }
}
