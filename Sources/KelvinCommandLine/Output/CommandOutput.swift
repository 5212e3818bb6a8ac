import Foundation
import Kelvin

/// Where a command writes its result, as it goes: standard output, or a string the tests read.
///
/// Text is buffered and handed to the destination in blocks of about 64 KB, and at
/// ``flush()`` (a streaming command flushes after each token). A failed write (a full disk, a
/// closed or broken pipe) is a ``CommandError`` with exit code 74, never a trap. When a
/// command fails, what is still in the buffer is dropped, so output that was validated
/// before the first write (as every command's is) leaves stdout empty on error.
public final class CommandOutput {
  let destination: (UnsafeRawBufferPointer) throws -> Void
  /// Where warnings and progress lines go (standard error), unbuffered; failures there are
  /// ignored, as there is nowhere left to report them.
  var diagnostics: (String) -> Void = { _ in }
  /// Whether progress lines are shown: only when standard error is a terminal (so `2>log`
  /// collects no `\r` lines), and never after ``quiet()``.
  public var showsProgress = false
  /// Whether a progress line is on the terminal, to be ended before anything else.
  var progressShown = false
  var buffer: [UInt8] = []
  /// Bytes handed to the destination so far.
  public private(set) var bytesWritten = 0

  static let blockSize = 1 << 16

  /// Creates an output that hands its bytes to `destination`.
  public init(destination: @escaping (UnsafeRawBufferPointer) throws -> Void) {
    self.destination = destination
    buffer.reserveCapacity(Self.blockSize)
  }

  /// Appends text, flushing whenever a block is full.
  ///
  /// - Throws: ``CommandError`` (74) when the destination refuses the bytes.
  public func write(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= Self.blockSize { try flush() }
  }

  /// Appends a line: `text` and a newline.
  public func line(_ text: String = "") throws { try write(text + "\n") }

  /// Hands everything buffered to the destination.
  ///
  /// - Throws: ``CommandError`` (74) when the destination refuses the bytes.
  public func flush() throws {
    guard !buffer.isEmpty else { return }
    defer { buffer.removeAll(keepingCapacity: true) }
    try buffer.withUnsafeBytes { try destination($0) }
    bytesWritten += buffer.count
  }

  /// Writes a warning line to standard error: `warning: <text>`.
  public func warn(_ text: String) {
    endProgress()
    diagnostics("warning: \(PrintableText.line(text))\n")
  }

  /// Replaces the progress line on standard error with `text` (when progress is shown).
  public func progress(_ text: String) {
    guard showsProgress else { return }
    diagnostics("\r\u{1B}[K" + text)
    progressShown = true
  }

  /// Clears the progress line, if one is shown.
  public func endProgress() {
    guard progressShown else { return }
    diagnostics("\r\u{1B}[K")
    progressShown = false
  }

  /// No progress lines from now on (`--quiet`).
  public func quiet() {
    endProgress()
    showsProgress = false
  }

  /// Drops what is buffered (after an error).
  func discard() { buffer.removeAll(keepingCapacity: true) }

  /// An output writing to a file descriptor with `write(2)`, retrying short writes and
  /// interrupted calls; errors name the stream (`standard output: Broken pipe`).
  public static func descriptor(_ descriptor: Int32, name: String) -> CommandOutput {
    CommandOutput { bytes in
      guard let base = bytes.baseAddress else { return }
      var offset = 0
      while offset < bytes.count {
        let written = Foundation.write(descriptor, base + offset, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          // The reader has gone (SIGPIPE ignored): end quietly, as a shell expects.
          if errno == EPIPE { throw CommandError(.brokenPipe, "", flag: nil) }
          throw CommandError(.ioError, "\(name): \(String(cString: strerror(errno)))")
        }
        offset += written
      }
    }
  }
}

/// Collects an output's bytes in memory, for tests and in-process runs.
final class CapturedText {
  var bytes: [UInt8] = []
  var text: String { String(decoding: bytes, as: UTF8.self) }

  func output() -> CommandOutput {
    CommandOutput { [self] in bytes.append(contentsOf: $0) }
  }
}

extension CommandOutput {
  /// Writes a result in the format asked for: the report document (one JSON line), or the
  /// text for people.
  ///
  /// - Parameters:
  ///   - format: `--format`.
  ///   - document: The report document.
  ///   - table: The text, with its own trailing newline.
  func result(
    _ format: OutputFormat, document: () throws -> some Encodable, table: () throws -> String
  ) throws {
    switch format {
    case .json, .jsonl: try json(try document())
    case .table: try write(table())
    }
  }

  /// Writes a JSON value and a newline, streaming its serialisation.
  func json(_ value: JSONNode) throws {
    try value.write(to: self)
    try line()
  }

  /// Writes a report type as a JSON document and a newline (``JSONNodeEncoder``).
  func json(_ document: some Encodable) throws {
    try json(try JSONNodeEncoder.encode(document))
  }
}
