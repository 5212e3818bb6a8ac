import KelvinCore

/// A specification that does not parse, or that names something unknown or out of range.
///
/// ``description`` is one line naming the item, and where it applies the key, the value and
/// the rule: `top_p=1.5: p must be a number in [0, 1], got '1.5'`.
public struct SpecificationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The item (or the whole text, for a form error) as written.
  public let text: String
  /// The parameter concerned, if any.
  public let key: String?
  /// What is wrong: a predicate of the text for a syntax error (`has an empty item`), else
  /// a sentence about the item (`p must be a number in [0, 1], got '1.5'`).
  public let problem: String
  /// Whether the text does not follow the grammar (rather than naming something wrong).
  public let isSyntaxError: Bool

  /// Creates an error about the meaning of an item.
  public init(item: String, key: String? = nil, problem: String) {
    self.text = item
    self.key = key
    self.problem = problem
    self.isSyntaxError = false
  }

  /// Creates a syntax error about a whole specification.
  public init(syntaxOf text: String, problem: String) {
    self.text = text
    self.key = nil
    self.problem = problem
    self.isSyntaxError = true
  }

  /// The one-line message: `'<text>' <problem>` for syntax, `<item>: <problem>` otherwise,
  /// with control characters escaped.
  public var description: String {
    PrintableText.line(isSyntaxError ? "'\(text)' \(problem)" : "\(text): \(problem)")
  }
}
