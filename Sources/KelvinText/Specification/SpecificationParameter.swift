import KelvinCore

/// One typed parameter of a ``SpecificationForm``: its name, its rule, its default.
///
/// A form's builder reads the value with the parameter itself
/// (`arguments[Self.probability]`), never with a string, so a parameter cannot be misspelt
/// between its declaration and its use.
public struct SpecificationParameter<Value: Sendable>: Sendable {
  /// The name used as `key=value`.
  public let name: String
  /// Other accepted names, kept for compatibility (documented where the form is).
  public let aliases: [String]
  /// The default, or `nil` when the parameter must be given (or is optional).
  public let defaultValue: Value?
  /// Whether the item may omit the parameter without a default (the builder then sees `nil`).
  public let isOptional: Bool
  /// Whether the parameter takes every remaining value given by position.
  public let isVariadic: Bool
  /// The rule's phrase completing "must be …".
  public let requirement: String
  let reader: @Sendable ([SpecificationValue], SpecificationItem) throws -> Value
  let speller: @Sendable (Value) -> String

  /// A parameter whose value is one word read by `rule`.
  ///
  /// - Parameters:
  ///   - name: The key.
  ///   - rule: The rule of the value.
  ///   - defaultValue: The default; `nil` makes the parameter required unless `optional`.
  ///   - optional: Whether it may be omitted without a default.
  ///   - aliases: Other accepted keys.
  public init(
    _ name: String, _ rule: ValueRule<Value>, default defaultValue: Value? = nil,
    optional: Bool = false, aliases: [String] = []
  ) {
    self.init(
      name: name, aliases: aliases, defaultValue: defaultValue, isOptional: optional,
      isVariadic: false, requirement: rule.requirement,
      read: { values, item in
        guard case .word(let word) = values[0] else {
          throw SpecificationError(
            item: item.text, key: name,
            problem: "\(name) must be \(rule.requirement), got '\(values[0].text)'")
        }
        do throws(ValueRuleViolation) {
          return try rule.parse(word)
        } catch {
          throw SpecificationError(
            item: item.text, key: name, problem: error.message(subject: name))
        }
      }, spell: rule.format)
  }

  /// A parameter whose value is a nested item built by `catalog` (a schedule).
  public init(
    _ name: String, catalog: SpecificationCatalog<Value>, default defaultValue: Value? = nil,
    optional: Bool = false, spell: @escaping @Sendable (Value) -> String
  ) {
    let kinds = catalog.forms.map { "\($0.name)(…)" }.joined(separator: ", ")
    self.init(
      name: name, aliases: [], defaultValue: defaultValue, isOptional: optional, isVariadic: false,
      requirement: "a \(catalog.kind): \(kinds)",
      read: { values, item in
        guard case .item(let nested) = values[0] else {
          throw SpecificationError(
            item: item.text, key: name,
            problem: "\(name) must be a \(catalog.kind) (\(kinds)), got '\(values[0].text)'")
        }
        return try catalog.build(nested)
      }, spell: spell)
  }

  init(
    name: String, aliases: [String], defaultValue: Value?, isOptional: Bool, isVariadic: Bool,
    requirement: String,
    read: @escaping @Sendable ([SpecificationValue], SpecificationItem) throws -> Value,
    spell: @escaping @Sendable (Value) -> String
  ) {
    self.name = name
    self.aliases = aliases
    self.defaultValue = defaultValue
    self.isOptional = isOptional
    self.isVariadic = isVariadic
    self.requirement = requirement
    self.reader = read
    self.speller = spell
  }

  /// The default as written in a specification, or `nil`.
  public var defaultText: String? { defaultValue.map(speller) }

  /// Spells a value as a specification would.
  public func format(_ value: Value) -> String { speller(value) }

  /// The parameter without its type, for a form's list.
  public var erased: AnySpecificationParameter { AnySpecificationParameter(self) }
}

extension SpecificationParameter {
  /// A parameter taking every remaining value given by position, each read by `rule`
  /// (`logit_bias(3:-1.5,7:-inf)`, `piecewise(0:1,100:0.5)`).
  ///
  /// - Parameters:
  ///   - name: The parameter's name, for messages.
  ///   - rule: The rule of each value.
  ///   - count: How many values are allowed.
  public static func variadic<Element>(
    _ name: String, _ rule: ValueRule<Element>, count: ClosedRange<Int>
  ) -> SpecificationParameter<[Element]> where Value == [Element] {
    SpecificationParameter<[Element]>(
      name: name, aliases: [], defaultValue: count.lowerBound == 0 ? [] : nil, isOptional: false,
      isVariadic: true, requirement: "values, each \(rule.requirement)",
      read: { values, item in
        guard count.contains(values.count) else {
          let most = count.upperBound == Int.max ? "" : " and at most \(count.upperBound)"
          throw SpecificationError(
            item: item.text, key: name,
            problem:
              "\(item.name) takes at least \(count.lowerBound)\(most) values, got \(values.count)")
        }
        return try values.enumerated().map { position, value in
          guard case .word(let word) = value else {
            throw SpecificationError(
              item: item.text, key: name,
              problem: "value \(position + 1) must be \(rule.requirement), got '\(value.text)'")
          }
          do throws(ValueRuleViolation) {
            return try rule.parse(word)
          } catch {
            throw SpecificationError(
              item: item.text, key: name,
              problem: error.message(subject: "value \(position + 1)"))
          }
        }
      }, spell: { $0.map(rule.format).joined(separator: ",") })
  }
}

/// A ``SpecificationParameter`` without its value type.
public struct AnySpecificationParameter: Sendable {
  /// The name.
  public let name: String
  /// Other accepted names.
  public let aliases: [String]
  /// The default as written, or `nil`.
  public let defaultText: String?
  /// Whether the parameter must be given.
  public let isRequired: Bool
  /// Whether it takes every remaining positional value.
  public let isVariadic: Bool
  /// The rule's phrase.
  public let requirement: String
  let hasDefault: Bool
  let read: @Sendable ([SpecificationValue], SpecificationItem) throws -> any Sendable
  let defaultBox: (any Sendable)?

  init<Value>(_ parameter: SpecificationParameter<Value>) {
    name = parameter.name
    aliases = parameter.aliases
    defaultText = parameter.defaultText
    isRequired = parameter.defaultValue == nil && !parameter.isOptional
    isVariadic = parameter.isVariadic
    requirement = parameter.requirement
    hasDefault = parameter.defaultValue != nil
    defaultBox = parameter.defaultValue
    read = { values, item in try parameter.reader(values, item) }
  }

  /// Whether `key` names this parameter.
  func answers(to key: String) -> Bool { key == name || aliases.contains(key) }
}
