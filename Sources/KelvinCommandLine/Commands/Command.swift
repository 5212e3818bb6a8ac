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
