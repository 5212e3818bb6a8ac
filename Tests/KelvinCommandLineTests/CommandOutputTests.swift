import Foundation
import KelvinCommandLine
import Testing

@Suite("command output")
struct CommandOutputTests {
  final class Sink: @unchecked Sendable {
    var blocks: [String] = []
    var fail = false
  }

  func output(_ sink: Sink) -> CommandOutput {
    CommandOutput { bytes in
      if sink.fail { throw CommandError(.ioError, "sink: full") }
      sink.blocks.append(String(decoding: bytes, as: UTF8.self))
    }
  }

  @Test("text is buffered and handed on at flush, in order")
  func buffering() throws {
    let sink = Sink()
    let out = output(sink)
    try out.write("a")
    try out.line("b")
    #expect(sink.blocks.isEmpty)
    try out.flush()
    #expect(sink.blocks == ["ab\n"])
    #expect(out.bytesWritten == 3)
  }

  @Test("a large result goes out in blocks while it is written, not all at the end")
  func streaming() throws {
    let sink = Sink()
    let out = output(sink)
    for _ in 0..<10_000 { try out.line(String(repeating: "x", count: 99)) }
    #expect(sink.blocks.count >= 10)
    try out.flush()
    #expect(sink.blocks.joined().count == 1_000_000)
  }

  @Test("a destination that fails is an I/O error, exit 74")
  func failure() {
    let sink = Sink()
    sink.fail = true
    let out = output(sink)
    #expect(throws: CommandError(.ioError, "sink: full")) {
      try out.write("x")
      try out.flush()
    }
  }

  @Test(
    "standard output that cannot be written is exit 74 with one line, never a trap",
    arguments: [
      ("/dev/full", "No space left on device")
    ])
  func realStreams(path: String, reason: String) throws {
    let process = Process()
    process.executableURL = try executableURL()
    process.arguments = ["softmax", "--logits", "1,2"]
    process.standardOutput = FileHandle(forWritingAtPath: path)
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 74)
    #expect(text == "Error: standard output: \(reason)\n")
  }

  @Test("a closed pipe with SIGPIPE ignored ends quietly with status 141, as SIGPIPE would")
  func brokenPipe() throws {
    let shell = Process()
    shell.executableURL = URL(fileURLWithPath: "/bin/bash")
    let binary = try executableURL().path
    shell.arguments = [
      "-c",
      "trap '' PIPE; '\(binary)' sample --logits 1,2 --count 100000 | head -c 1 >/dev/null; "
        + "echo \"status ${PIPESTATUS[0]}\" >&2",
    ]
    let errors = Pipe()
    shell.standardError = errors
    try shell.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    shell.waitUntilExit()
    #expect(text == "status 141\n")
  }
}
