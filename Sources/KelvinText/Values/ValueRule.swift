import KelvinCore

/// What a typed value may be, how it is read from text, and how it is spelt back.
///
/// One rule serves every place a person types the value: a command-line option, a parameter
/// of a sampler chain, a bandit policy or a schedule. So the same value is refused with the
/// same words everywhere, and help states the same range that parsing enforces.
///
/// ```swift
/// let rule = ValueRule.number(.unitInterval)
/// try rule.parse("0.95")   // 0.95
/// try rule.parse("1.5")    // ValueRuleViolation: must be a number in [0, 1], got '1.5'
/// ```
public struct ValueRule<Value>: Sendable {
  /// The rule as a phrase completing "must be …": `a number in [0, 1]`.
  public let requirement: String
  /// Texts the rule refuses, one for each way of breaking it, for tests and documentation.
  public let counterexamples: [String]
  /// The words a value may be, when it is one of a fixed set (for completion scripts).
  public let choices: [String]
  /// A text the rule accepts, when one is known (for examples and list tests).
  public let example: String?
  /// The range a number must lie in, in short (`≥ 0`, `in [0, 1]`, `1 to 16777216`), with
  /// what special values mean; `nil` for rules that are not numeric ranges.
  public let bounds: String?
  let reader: @Sendable (String) throws -> Value
  let speller: @Sendable (Value) -> String

  /// Creates a rule from its reader and speller.
  ///
  /// - Parameters:
  ///   - requirement: The phrase completing "must be …".
  ///   - counterexamples: Texts the reader refuses.
  ///   - choices: The allowed words, if the value is one of a set.
  ///   - example: A text `read` accepts.
  ///   - bounds: The numeric range in short, for help.
  ///   - read: Reads a text, throwing ``ValueRuleViolation`` (any other error is reported as
  ///     a violation of `requirement`).
  ///   - spell: Writes a value as a text that `read` accepts.
  public init(
    requirement: String, counterexamples: [String], choices: [String] = [],
    example: String? = nil, bounds: String? = nil,
    read: @escaping @Sendable (String) throws -> Value,
    spell: @escaping @Sendable (Value) -> String
  ) {
    self.requirement = requirement
    self.counterexamples = counterexamples
    self.choices = choices
    self.example = example
    self.bounds = bounds
    self.reader = read
    self.speller = spell
  }

  /// Reads `text`.
  ///
  /// - Throws: ``ValueRuleViolation`` naming the requirement and the text.
  public func parse(_ text: String) throws(ValueRuleViolation) -> Value {
    do {
      return try reader(text)
    } catch let violation as ValueRuleViolation {
      throw violation
    } catch {
      throw ValueRuleViolation(requirement: requirement, text: text)
    }
  }

  /// Spells `value` as a text that ``parse(_:)`` reads back.
  public func format(_ value: Value) -> String { speller(value) }

  /// A violation of this rule by `text`.
  public func violation(_ text: String, reason: String? = nil) -> ValueRuleViolation {
    ValueRuleViolation(requirement: requirement, text: text, reason: reason)
  }

  /// The same rule with further checks on the value read and a new requirement phrase.
  ///
  /// - Parameters:
  ///   - requirement: The phrase of the refined rule.
  ///   - counterexamples: Further texts the refined rule refuses.
  ///   - check: Returns `nil` when the value is acceptable, else a reason.
  public func refined(
    _ requirement: String, counterexamples extra: [String] = [],
    check: @escaping @Sendable (Value) -> String?
  ) -> ValueRule<Value> {
    let base = self
    return ValueRule(
      requirement: requirement, counterexamples: counterexamples + extra, choices: choices,
      example: example, bounds: bounds,
      read: { text in
        let value: Value
        do throws(ValueRuleViolation) {
          value = try base.parse(text)
        } catch {
          throw ValueRuleViolation(requirement: requirement, text: text, reason: error.reason)
        }
        if let reason = check(value) {
          throw ValueRuleViolation(requirement: requirement, text: text, reason: reason)
        }
        return value
      }, spell: speller)
  }
}

/// A text that breaks a ``ValueRule``.
public struct ValueRuleViolation: Error, Sendable, Equatable {
  /// The 1-based position of the offending entry, for a list.
  public var entry: Int?
  /// The phrase completing "must be …".
  public let requirement: String
  /// The offending text.
  public let text: String
  /// Why, when the requirement alone does not say (`1e400 is beyond the range of a Double`).
  public let reason: String?
  /// A complete explanation that replaces the requirement sentence, for values with their own
  /// grammar (a chain specification names the item and the rule itself).
  public let explanation: String?

  /// Creates a violation.
  public init(
    entry: Int? = nil, requirement: String, text: String, reason: String? = nil,
    explanation: String? = nil
  ) {
    self.entry = entry
    self.requirement = requirement
    self.text = text
    self.reason = reason
    self.explanation = explanation
  }

  /// One line: `SUBJECT must be REQUIREMENT, got 'TEXT'`, or
  /// `SUBJECT: entry N must be …` for a list entry, or `SUBJECT: EXPLANATION`.
  public func message(subject: String) -> String {
    if let explanation { return PrintableText.line("\(subject): \(explanation)") }
    let entryPart = entry.map { ": entry \($0)" } ?? ""
    let reasonPart = reason.map { " (\($0))" } ?? ""
    return PrintableText.line(
      "\(subject)\(entryPart) must be \(requirement), got '\(text)'\(reasonPart)")
  }
}
