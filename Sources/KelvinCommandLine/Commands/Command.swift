/// The name, help and examples of a subcommand; its options are its ``Command/Options``.
public struct CommandConfiguration: Sendable {
  /// The subcommand name (`sketch`).
  public let name: String
  /// One sentence for the OVERVIEW line and the subcommand list.
  public let abstract: String
  /// Further paragraphs of help, or empty.
  public let discussion: String
  /// Example invocations shown at the end of help.
  public let examples: [String]

  /// Creates a configuration.
  public init(name: String, abstract: String, discussion: String = "", examples: [String] = []) {
    self.name = name
    self.abstract = abstract
    self.discussion = discussion
    self.examples = examples
  }
}

/// A `kelvin` subcommand: its typed options and what it does with them.
///
/// A command reads its options, calls the library and writes the result to `output` as it
/// goes. Everything the user typed has been checked by the time `run` is called; a command
/// checks what only its input can tell (a file's shape) before its first write, so stdout
/// stays empty on error.
public protocol Command: Sendable {
  /// The options.
  associatedtype Options: CommandOptions
  /// The name, help and examples.
  static var configuration: CommandConfiguration { get }
  /// Runs with parsed options.
  ///
  /// - Throws: ``CommandError`` for usage (64), data (65), input (66) and I/O (74) errors, or
  ///   a library error, which the tool reports by its kind.
  static func run(_ options: Options, output: CommandOutput) throws
}

extension Command {
  /// Parses `words` and runs, or prints help.
  ///
  /// - Throws: As ``run(_:output:)`` and the parser.
  static func execute(_ words: [String], output: CommandOutput, width: Int) throws {
    switch try OptionParser.parse(words, as: Options.self) {
    case .help:
      try output.write(HelpFormatter(width: width).help(for: Self.self))
    case .options(let options, _):
      try run(options, output: output)
    }
  }
}

/// One declared option of a command without its types: what help, completion and the tests
/// that enumerate every option need.
public struct DeclaredOption: Sendable {
  /// The long name, or the positional's placeholder.
  public let name: String
  /// As usage writes it.
  public let synopsis: String
  /// `--name`, or `<NAME>`.
  public let flag: String
  /// One sentence of help.
  public let help: String
  /// The default as help shows it.
  public let defaultText: String?
  /// Texts its rule refuses.
  public let counterexamples: [String]
  /// The words of a choice.
  public let choices: [String]
  /// Whether the value is a path.
  public let takesPath: Bool
  /// Whether it takes no value.
  public let isFlag: Bool
  /// Whether it must be given.
  public let isRequired: Bool
  /// Whether it is positional.
  public let isPositional: Bool
}

extension Command {
  /// Every option and argument the command declares, in help order.
  public static var declaredOptions: [DeclaredOption] {
    Options.declarations.map {
      DeclaredOption(
        name: $0.name, synopsis: $0.synopsis, flag: $0.flag, help: $0.help,
        defaultText: $0.defaultText, counterexamples: $0.counterexamples, choices: $0.choices,
        takesPath: $0.takesPath, isFlag: $0.isFlag, isRequired: $0.isRequired,
        isPositional: $0.isPositional)
    }
  }
}
