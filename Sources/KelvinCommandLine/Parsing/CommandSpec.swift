/// One option of a command, declared as data: both parsing and `--help` are generated from it.
public struct OptionSpec: Sendable {
  /// The long name without dashes: `temperature` for `--temperature`.
  public let name: String
  /// The placeholder shown in help (`T`), or `nil` for a flag that takes no value.
  public let valueName: String?
  /// One sentence of help.
  public let help: String
  /// The value used when the option is absent, shown in help; `nil` when there is none.
  public let defaultValue: String?
  /// Whether usage shows the option without brackets (the command cannot run without it).
  public let isRequired: Bool

  /// Declares an option that takes a value.
  public static func value(
    _ name: String, _ valueName: String, help: String, default defaultValue: String? = nil,
    required: Bool = false
  ) -> OptionSpec {
    OptionSpec(
      name: name, valueName: valueName, help: help, defaultValue: defaultValue,
      isRequired: required)
  }

  /// Declares a flag that takes no value.
  public static func flag(_ name: String, help: String) -> OptionSpec {
    OptionSpec(name: name, valueName: nil, help: help, defaultValue: nil, isRequired: false)
  }

  /// `--format table|json`, which every command takes.
  public static let format = OptionSpec.value(
    "format", "format", help: "Output format: table (for people) or json.", default: "table")

  /// Whether the option is a flag.
  public var isFlag: Bool { valueName == nil }

  /// The option as written in usage and help: `--temperature <T>`, or `--log` for a flag.
  public var synopsis: String {
    guard let valueName else { return "--\(name)" }
    return "--\(name) <\(valueName)>"
  }
}

/// A positional argument of a command (`kelvin inspect FILE`).
public struct ArgumentSpec: Sendable {
  /// The placeholder shown in usage and help (`FILE`).
  public let name: String
  /// One sentence of help.
  public let help: String

  /// Declares a required positional argument.
  public init(_ name: String, help: String) {
    self.name = name
    self.help = help
  }
}

/// A subcommand's name, help text and options.
public struct CommandSpec: Sendable {
  /// The subcommand name (`sketch`).
  public let name: String
  /// One sentence for the OVERVIEW line and the subcommand list.
  public let abstract: String
  /// Further paragraphs of help, or empty.
  public let discussion: String
  /// The required positional arguments, in order.
  public let arguments: [ArgumentSpec]
  /// The options, in the order help lists them.
  public let options: [OptionSpec]
  /// Example invocations shown at the end of help.
  public let examples: [String]

  /// Creates a command description.
  public init(
    name: String, abstract: String, discussion: String = "", arguments: [ArgumentSpec] = [],
    options: [OptionSpec], examples: [String] = []
  ) {
    self.name = name
    self.abstract = abstract
    self.discussion = discussion
    self.arguments = arguments
    self.options = options
    self.examples = examples
  }

  /// The option called `name`, if the command has one.
  public func option(named name: String) -> OptionSpec? {
    options.first { $0.name == name }
  }
}
