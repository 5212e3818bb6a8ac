import Kelvin

/// One option (or positional argument) of a command, declared once: its name, placeholder,
/// help, rule, default and where its value goes in the command's typed options.
///
/// Parsing, validation, `--help`, usage lines, completion scripts and error messages are all
/// generated from these declarations; a command body reads its typed options struct and never
/// an option by name.
public struct OptionDeclaration<Options> {
  /// The long name without dashes (`temperature`), or the placeholder of a positional.
  public let name: String
  /// The value's placeholder (`T`), or `nil` for a flag.
  public let valueName: String?
  /// One sentence of help.
  public let help: String
  /// The default as help shows it, or `nil` when there is none.
  public let defaultText: String?
  /// The range or set the value must lie in, as help shows it (`1 to 16777216`), if any.
  public let rangeText: String?
  /// The rule's phrase completing "must be …".
  public let requirement: String
  /// Texts the rule refuses (for tests).
  public let counterexamples: [String]
  /// The allowed words, for a choice.
  public let choices: [String]
  /// Whether the value names a file (completion offers paths).
  public let takesPath: Bool
  /// Whether the command cannot run without it.
  public let isRequired: Bool
  /// Whether it is a positional argument rather than `--name`.
  public let isPositional: Bool
  /// Where the value goes.
  public let keyPath: PartialKeyPath<Options>
  let assign: (inout Options, String) throws(ValueRuleViolation) -> Void
  /// Whether it may be given more than once, each value added to a list.
  public private(set) var isRepeatable = false

  /// Whether it is a flag (no value).
  public var isFlag: Bool { valueName == nil }

  /// `--name`, or `<NAME>` for a positional.
  public var flag: String { isPositional ? "<\(name)>" : "--\(name)" }

  /// As written in usage and help: `--temperature <T>`, `--log`, `<FILE>`.
  public var synopsis: String {
    if isPositional { return "<\(name)>" }
    guard let valueName else { return "--\(name)" }
    return "--\(name) <\(valueName)>"
  }

  /// The same declaration for options embedded at `path` in a larger options struct.
  public func embedded<Outer>(at path: WritableKeyPath<Outer, Options>) -> OptionDeclaration<Outer>
  {
    let assign = self.assign
    guard let full = (path as PartialKeyPath<Outer>).appending(path: keyPath) else {
      preconditionFailure("cannot embed option '\(name)'")
    }
    return OptionDeclaration<Outer>(
      name: name, valueName: valueName, help: help, defaultText: defaultText,
      rangeText: rangeText, requirement: requirement, counterexamples: counterexamples,
      choices: choices, takesPath: takesPath, isRequired: isRequired, isPositional: isPositional,
      keyPath: full,
      assign: { (outer: inout Outer, text: String) throws(ValueRuleViolation) in
        try assign(&outer[keyPath: path], text)
      }, isRepeatable: isRepeatable)
  }
}

// MARK: - Declaring

extension OptionDeclaration {
  /// An option with a value and a default: the property's initial value, spelt by `rule`.
  ///
  /// - Parameters:
  ///   - keyPath: The property the value is stored in.
  ///   - name: The long name without dashes.
  ///   - valueName: The placeholder.
  ///   - help: One sentence.
  ///   - rule: How the value is read and checked.
  ///   - defaultText: The default as help shows it, when not the property's initial value.
  ///   - required: Whether the option must be given (help then shows no default).
  ///   - path: Whether the value is a file path.
  public static func option<Value>(
    _ keyPath: WritableKeyPath<Options, Value>, _ name: String, _ valueName: String,
    help: String, _ rule: ValueRule<Value>, default defaultText: String? = nil,
    required: Bool = false, path: Bool = false
  ) -> OptionDeclaration where Options: CommandOptions {
    OptionDeclaration(
      name: name, valueName: valueName, help: help,
      defaultText: required ? nil : defaultText ?? rule.format(Options()[keyPath: keyPath]),
      rangeText: rule.bounds, requirement: rule.requirement,
      counterexamples: rule.counterexamples, choices: rule.choices, takesPath: path,
      isRequired: required, isPositional: false, keyPath: keyPath,
      assign: { (options: inout Options, text: String) throws(ValueRuleViolation) in
        options[keyPath: keyPath] = try rule.parse(text)
      })
  }

  /// An optional option: absent means `nil`; `defaultText` says what absence means.
  public static func option<Value>(
    _ keyPath: WritableKeyPath<Options, Value?>, _ name: String, _ valueName: String,
    help: String, _ rule: ValueRule<Value>, default defaultText: String? = nil,
    path: Bool = false
  ) -> OptionDeclaration {
    OptionDeclaration(
      name: name, valueName: valueName, help: help, defaultText: defaultText,
      rangeText: rule.bounds, requirement: rule.requirement,
      counterexamples: rule.counterexamples, choices: rule.choices, takesPath: path,
      isRequired: false, isPositional: false, keyPath: keyPath,
      assign: { (options: inout Options, text: String) throws(ValueRuleViolation) in
        options[keyPath: keyPath] = try rule.parse(text)
      })
  }

  /// An option that may be given several times, each value read by `rule` and appended to
  /// the list (empty when it is never given).
  public static func repeatable<Value>(
    _ keyPath: WritableKeyPath<Options, [Value]>, _ name: String, _ valueName: String,
    help: String, _ rule: ValueRule<Value>
  ) -> OptionDeclaration {
    OptionDeclaration(
      name: name, valueName: valueName, help: help + " Repeatable.", defaultText: nil,
      rangeText: rule.bounds, requirement: rule.requirement,
      counterexamples: rule.counterexamples, choices: rule.choices, takesPath: false,
      isRequired: false, isPositional: false, keyPath: keyPath,
      assign: { (options: inout Options, text: String) throws(ValueRuleViolation) in
        options[keyPath: keyPath].append(try rule.parse(text))
      }, isRepeatable: true)
  }

  /// A flag: present means `true`.
  public static func flag(_ keyPath: WritableKeyPath<Options, Bool>, _ name: String, help: String)
    -> OptionDeclaration
  {
    OptionDeclaration(
      name: name, valueName: nil, help: help, defaultText: nil, rangeText: nil,
      requirement: "given without a value", counterexamples: [], choices: [], takesPath: false,
      isRequired: false, isPositional: false, keyPath: keyPath,
      assign: { (options: inout Options, _: String) throws(ValueRuleViolation) in
        options[keyPath: keyPath] = true
      })
  }

  /// A required positional argument.
  public static func argument<Value>(
    _ keyPath: WritableKeyPath<Options, Value>, _ name: String, help: String,
    _ rule: ValueRule<Value>, path: Bool = false
  ) -> OptionDeclaration {
    OptionDeclaration(
      name: name, valueName: name, help: help, defaultText: nil, rangeText: rule.bounds,
      requirement: rule.requirement, counterexamples: rule.counterexamples,
      choices: rule.choices, takesPath: path, isRequired: true, isPositional: true,
      keyPath: keyPath,
      assign: { (options: inout Options, text: String) throws(ValueRuleViolation) in
        options[keyPath: keyPath] = try rule.parse(text)
      })
  }
}
