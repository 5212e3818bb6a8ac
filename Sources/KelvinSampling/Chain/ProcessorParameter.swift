import KelvinCore
import KelvinText

/// One parameter of a logits processor, declared once, in its processor's file: the processor's
/// name, the key, the rule of its values (range and note), the default.
///
/// Everything else reads this declaration: the processor's initialiser checks a value with it
/// (``check(_:)``) and takes its default from it, the chain grammar reads `key=value` with it
/// (``ProcessorCatalog``), and the command line's shorthand flags take their rule, and so their
/// help and error messages, from it. The Swift API, a chain text and a flag therefore accept the
/// same values and refuse the others with the same words.
public struct ProcessorParameter<Value: Sendable>: Sendable {
  /// The processor's name in the chain grammar (`top_p`).
  public let processor: String
  /// The key (`p`).
  public var name: String { specification.name }
  /// The value an item or an initialiser that omits the parameter uses.
  public let defaultValue: Value
  /// The rule of the value: how it is read, checked, spelt and described.
  public let rule: ValueRule<Value>
  /// The parameter as the chain grammar reads it.
  public let specification: SpecificationParameter<Value>
  /// The phrase of the rule a value breaks, or `nil` for a value in range.
  let violation: @Sendable (Value) -> String?

  /// A parameter read by `rule`, whose values `violation` checks.
  init(
    _ processor: String, _ name: String, _ rule: ValueRule<Value>, default defaultValue: Value,
    aliases: [String] = [], violation: @escaping @Sendable (Value) -> String?
  ) {
    self.processor = processor
    self.defaultValue = defaultValue
    self.rule = rule
    self.specification = SpecificationParameter(
      name, rule, default: defaultValue, aliases: aliases)
    self.violation = violation
  }

  /// Requires `value` to be one the parameter takes.
  ///
  /// - Throws: ``SamplingError/invalidParameter(processor:parameter:value:rule:)`` naming the
  ///   processor, the key, the value and the rule.
  public func check(_ value: Value) throws {
    guard let broken = violation(value) else { return }
    throw SamplingError.invalidParameter(
      processor: processor, parameter: name, value: rule.format(value), rule: broken)
  }

  /// The parameter without its type, for a form's list.
  public var erased: AnySpecificationParameter { specification.erased }
}

extension ProcessorParameter where Value == Double {
  /// A number in `range` (NaN never is).
  public static func number(
    _ processor: String, _ name: String, _ range: NumberRange, default defaultValue: Double,
    note: String? = nil, aliases: [String] = []
  ) -> Self {
    Self(
      processor, name, .number(range, note: note), default: defaultValue, aliases: aliases,
      violation: { range.contains($0) ? nil : "a number \(range.phrase)" })
  }
}

extension ProcessorParameter where Value == Int {
  /// A whole number in `range`.
  public static func integer(
    _ processor: String, _ name: String, _ range: ClosedRange<Int>, default defaultValue: Int,
    note: String? = nil
  ) -> Self {
    let requirement = ValueRule.integer(range).requirement
    return Self(
      processor, name, .integer(range, note: note), default: defaultValue,
      violation: { range.contains($0) ? nil : requirement })
  }

  /// The range of a history window (`penalties`, `dry`): -1 (the whole history), 0 (off) to
  /// 2³¹ − 1.
  public static let windowRange = -1...Int(Int32.max)

  /// The range of every `min_keep`: at least one token.
  public static let minimumKeepRange = 1...Int(Int32.max)

  /// A truncation's `min_keep`: the fewest tokens it keeps, at least 1, default 1.
  public static func minimumKeep(_ processor: String) -> Self {
    integer(processor, "min_keep", minimumKeepRange, default: 1)
  }
}

extension ProcessorParameter where Value == Bool {
  /// A flag written `0`/`1` (or `false`/`true`).
  public static func boolean(_ processor: String, _ name: String, default defaultValue: Bool)
    -> Self
  {
    Self(processor, name, .boolean, default: defaultValue, violation: { _ in nil })
  }
}

extension ProcessorParameter
where Value: CaseIterable & RawRepresentable & Equatable, Value.RawValue == String {
  /// One of an enumeration's raw values.
  public static func choice(_ processor: String, _ name: String, default defaultValue: Value)
    -> Self
  {
    Self(processor, name, .choice(Value.self), default: defaultValue, violation: { _ in nil })
  }
}

extension ProcessorParameter where Value == [[Int]] {
  /// Token-id sequences (`dry`'s breakers, `bad_words`), default none.
  static func tokenSequences(_ processor: String, _ name: String) -> Self {
    Self(processor, name, tokenSequences, default: [], violation: { _ in nil })
  }

  /// `3|5:6`: token sequences separated by `|`, tokens within a sequence by `:`.
  static let tokenSequences = ValueRule<[[Int]]>(
    requirement: "token-id sequences like 3|5:6 ('|' between sequences, ':' within one)",
    counterexamples: ["3|", "a", "-1", "3::4"], example: "3|5:6",
    read: { text in
      guard !text.isEmpty else { return [] }
      return try text.split(separator: "|", omittingEmptySubsequences: false).map { sequence in
        try sequence.split(separator: ":", omittingEmptySubsequences: false).map { token in
          do {
            let value = try DecimalText.integer(token)
            guard value >= 0, value <= Int(Int32.max) else { throw DecimalText.Failure.outOfRange }
            return value
          } catch {
            throw ValueRuleViolation(
              requirement: "token-id sequences like 3|5:6 ('|' between sequences, ':' within one)",
              text: text, reason: "'\(token)' is not a token id")
          }
        }
      }
    }, spell: { $0.map { $0.map(String.init).joined(separator: ":") }.joined(separator: "|") })
}

extension SpecificationArguments {
  /// The value of a processor's parameter.
  public subscript<Value>(_ parameter: ProcessorParameter<Value>) -> Value {
    self[parameter.specification]
  }
}
