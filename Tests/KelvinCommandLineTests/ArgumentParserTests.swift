import KelvinCommandLine
import Testing

@Suite("argument parser")
struct ArgumentParserTests {
  static let spec = CommandSpec(
    name: "demo", abstract: "A demo.",
    options: [
      .value("temperature", "T", help: "τ.", default: "1"),
      .value("logits", "L", help: "Logits.", required: true),
      .flag("log", help: "Log."),
      .format,
    ])

  func parse(_ words: [String]) throws -> ParsedArguments {
    guard case .arguments(let arguments) = try ArgumentParser.parse(words, for: Self.spec) else {
      throw CommandError.usage("help")
    }
    return arguments
  }

  @Test("--name value and --name=value both work; defaults fill the rest")
  func valueForms() throws {
    let arguments = try parse(["--logits", "1,2", "--temperature=0.5"])
    #expect(arguments.value("logits") == "1,2")
    #expect(arguments.value("temperature") == "0.5")
    #expect(arguments.value("format") == "table")
    #expect(!arguments.isGiven("format"))
  }

  @Test("a value may start with a dash", arguments: ["-1,2", "-inf", "--", "-1.5"])
  func dashValues(value: String) throws {
    #expect(try parse(["--logits", value]).value("logits") == value)
  }

  @Test("flags take no value")
  func flags() throws {
    #expect(try parse(["--log"]).isGiven("log"))
    #expect(throws: CommandError.usage("flag '--log' takes no value")) { try parse(["--log=1"]) }
  }

  @Test("-h and --help ask for help anywhere, but not as an option's value")
  func help() throws {
    for words in [["-h"], ["--logits", "1", "--help"]] {
      guard case .help = try ArgumentParser.parse(words, for: Self.spec) else {
        Issue.record("expected help for \(words)")
        continue
      }
    }
    #expect(try parse(["--logits", "--help"]).value("logits") == "--help")
  }

  @Test(
    "usage errors name the word",
    arguments: [
      (["--bogus", "1"], "unknown option '--bogus'"),
      (["--temperature"], "missing value for '--temperature <T>'"),
      (["--log", "--log"], "option '--log' given more than once"),
      (["--temperature", "1", "--temperature=2"], "option '--temperature' given more than once"),
      (["stray"], "unexpected argument 'stray'"),
      (["-x"], "unexpected argument '-x'"),
    ])
  func usageErrors(words: [String], message: String) {
    #expect(throws: CommandError.usage(message)) { try parse(words) }
  }

  @Test("a missing required option is a usage error")
  func requiredOption() throws {
    #expect(throws: CommandError.usage("missing required option '--logits <L>'")) {
      try parse([]).required("logits")
    }
  }

  @Test("help lists every option with its default, and usage brackets optional ones")
  func helpText() {
    let help = HelpFormatter.help(for: Self.spec)
    #expect(help.hasPrefix("OVERVIEW: A demo.\n"))
    #expect(
      help.contains(
        "USAGE: kelvin demo [--temperature <T>] --logits <L> [--log] [--format <format>]"))
    #expect(help.contains("--temperature <T>"))
    #expect(help.contains("(default: 1)"))
    #expect(help.contains("-h, --help"))
  }
}
