import Foundation
import KelvinIO
import Testing

/// Writes `bytes` into the FIFO at `path` from another thread, with POSIX calls (a reader
/// that stops early makes the writes fail, which is fine here).
func feed(_ path: String, _ bytes: [UInt8]) {
  signal(SIGPIPE, SIG_IGN)
  let thread = Thread {
    let descriptor = open(path, O_WRONLY)
    guard descriptor >= 0 else { return }
    bytes.withUnsafeBytes { raw in
      guard let base = raw.baseAddress else { return }
      var offset = 0
      while offset < raw.count {
        let written = write(descriptor, base + offset, raw.count - offset)
        if written <= 0 { break }
        offset += written
      }
    }
    close(descriptor)
  }
  thread.start()
}

@Suite("input files and streams")
struct InputFileTests {
  @Test("bytes in memory read like a file: ranges are checked")
  func memory() throws {
    let file = InputFile(path: "mem", bytes: Array(0..<10))
    #expect(file.isStream && file.size == 10)
    #expect(try file.bytes(at: 3, count: 4) == [3, 4, 5, 6])
    #expect(throws: KelvinIOError.self) { try file.bytes(at: 8, count: 3) }
  }

  @Test("a FIFO is read front to back into memory, and refused past the limit")
  func fifo() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("fifo")
    #expect(mkfifo(path, 0o600) == 0)
    let bytes = [UInt8](repeating: 7, count: 300_000)
    feed(path, bytes)
    let file = try InputFile(path: path)
    #expect(file.isStream && file.size == 300_000)
    #expect(try file.contents() == bytes)
    feed(path, bytes)
    #expect(throws: KelvinIOError.self) { try InputFile(path: path, streamLimit: 100_000) }
  }

  @Test("a stream's format is told from its bytes: .npy, safetensors, JSON and CSV")
  func sniffing() throws {
    let folder = try TemporaryFolder()
    for name in ["npy_f4_le.npy", "tensors.safetensors"] {
      let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Fixtures.path(name))))
      let fifo = folder.path("fifo-\(name.prefix(3))")
      #expect(mkfifo(fifo, 0o600) == 0)
      feed(fifo, bytes)
      let sources = try MatrixFile.openAll(fifo)
      let expected = try MatrixFile.openAll(Fixtures.path(name))
      #expect(sources.map(\.descriptor) == expected.map(\.descriptor))
    }
  }
}
