import KelvinCore
import KelvinText

/// An error reading or writing a file of logits, probabilities or labels.
///
/// ``description`` is one line that names the file and the problem, for example
/// `logits.npy: header length 4294967295 exceeds the file size (128 bytes)`.
public struct KelvinIOError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What kind of failure this is; it decides the CLI's exit code.
  public enum Kind: Sendable, Equatable {
    /// The file does not exist or cannot be opened for reading (exit 66).
    case missingInput
    /// The file exists but its contents are malformed or unsupported (exit 65).
    case malformed
    /// Reading or writing failed at the system level, or an output cannot be created (exit 74).
    case io
  }

  /// What kind of failure this is.
  public let kind: Kind
  /// The file, as the user named it (`-` for standard input).
  public let path: String
  /// The row concerned, when the problem is in one row's values.
  public let row: Int?
  /// The problem, without the path.
  public let problem: String

  /// Creates an error.
  public init(_ kind: Kind, path: String, row: Int? = nil, _ problem: String) {
    self.kind = kind
    self.path = path
    self.row = row
    self.problem = problem
  }

  /// A malformed-file error.
  public static func malformed(_ path: String, _ problem: String) -> KelvinIOError {
    KelvinIOError(.malformed, path: path, problem)
  }

  /// `path: problem`, or `path row N: problem`, with control characters (from a file name,
  /// a tensor name, a dtype) escaped so that the message stays one visible line.
  public var description: String {
    guard let row else { return PrintableText.line("\(path): \(problem)") }
    return PrintableText.line("\(path) row \(row): \(problem)")
  }
}
