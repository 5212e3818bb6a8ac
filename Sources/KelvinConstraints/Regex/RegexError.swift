import KelvinSampling

/// A pattern Kelvin's regular-expression constraint cannot use: outside the documented subset,
/// malformed, or too large for the limits (``ByteDFA/Limits``).
public struct RegexError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The pattern's character offset where the problem was found (`nil` for a size limit).
  public let offset: Int?
  /// The problem.
  public let message: String

  /// Creates an error.
  public init(offset: Int?, _ message: String) {
    self.offset = offset
    self.message = message
  }

  /// `regex: <message> (character N)`.
  public var description: String {
    guard let offset else { return "regex: \(message)" }
    return "regex: \(message) (character \(offset + 1))"
  }
}
