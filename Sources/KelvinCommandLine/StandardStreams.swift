import Foundation

/// The process's standard streams and exit, behind one small seam.
enum StandardStreams {
  enum Stream { case output, error }

  /// Writes `text` to the stream.
  static func write(_ text: String, to stream: Stream) {
    guard !text.isEmpty else { return }
    let handle = stream == .output ? FileHandle.standardOutput : FileHandle.standardError
    handle.write(Data(text.utf8))
  }

  static func exit(_ code: ExitCode) -> Never {
    Foundation.exit(code.rawValue)
  }
}
