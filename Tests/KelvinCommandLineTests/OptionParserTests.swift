import Kelvin
import KelvinCommandLine
import Testing

/// A command with one option of each kind, for the parser's and the help's tests.
enum DemoCommand: Command {
  static let configuration = CommandConfiguration(
    name: "demo", abstract: "A demo.", discussion: "It shows every kind of option.",
    examples: ["kelvin demo --logits 1,2"])

  struct Options: CommandOptions {
    var temperature = 1.0
    var logits: [Double] = []
    var count = 3
    var log = false
    var output: String?
    var file = ""
    var format = OutputFormat.table

    init() {}

    static var declarations: [OptionDeclaration<Options>] {
      [
        .argument(\.file, "FILE", help: "A file.", .nonEmpty("a file path"), path: true),
        .option(\.temperature, "temperature", "T", help: "τ.", .temperature),
        .option(
          \.logits, "logits", "L", help: "Logits.", .list(of: .anyNumber, count: 1...10),
          required: true),
        .option(\.count, "count", "N", help: "How many.", .integer(1...5)),
        .flag(\.log, "log", help: "Log."),
        .option(\.output, "output", "OUT", help: "Where.", .nonEmpty("a file path"), path: true),
        .option(
          \.format, "format", "format", help: "Output format: table or json.",
          .choice([("table", OutputFormat.table), ("json", .json)])),
      ]
    }

    static var relations: [OptionRelation<Options>] { [.requires(\.log, \.output)] }

    func validate(given: GivenOptions<Options>) throws {
      if count > logits.count { throw CommandError.usage("--count exceeds the logits") }
    }
  }

  static func run(_ options: Options, output: CommandOutput) throws {}
}

@Suite("option parser")
struct OptionParserTests {
  func parse(_ words: [String]) throws -> DemoCommand.Options {
    guard
      case .options(let options, _) = try OptionParser.parse(words, as: DemoCommand.Options.self)
    else {
      throw CommandError.usage("help")
    }
    return options
  }

  @Test("--name value and --name=value both work; defaults fill the rest; values are typed")
  func valueForms() throws {
    let options = try parse(["f.npy", "--logits", "1,2,3", "--temperature=0.5"])
    #expect(options.logits == [1, 2, 3])
    #expect(options.temperature == 0.5)
    #expect(options.count == 3 && options.format == .table && options.output == nil)
    #expect(options.file == "f.npy")
  }

  @Test("a value may start with a dash", arguments: ["-1,2", "-inf", "-1.5"])
  func dashValues(value: String) throws {
    #expect(try parse(["f", "--count", "1", "--logits", value]).logits.first?.sign == .minus)
  }

  @Test("-- ends the options: later words are positional, even when they look like options")
  func doubleDash() throws {
    #expect(try parse(["--logits", "1,2,3", "--", "--weird-name"]).file == "--weird-name")
    #expect(throws: CommandError.usage("unexpected argument 'b'")) {
      try parse(["--logits", "1,2,3", "--", "a", "b"])
    }
  }

  @Test("-h and --help ask for help anywhere but as an option's value")
  func help() throws {
    for words in [["-h"], ["--logits", "1", "--help"]] {
      guard case .help = try OptionParser.parse(words, as: DemoCommand.Options.self) else {
        Issue.record("expected help for \(words)")
        continue
      }
    }
    #expect(throws: CommandError.self) { try parse(["f", "--logits", "--help"]) }
  }

  @Test(
    "usage errors name the option and the value",
    arguments: [
      (["f", "--logits", "1,2,3", "--bogus", "1"], "unknown option '--bogus'"),
      (
        ["f", "--logits", "1,2,3", "--temprature", "1"],
        "unknown option '--temprature' (did you mean '--temperature'?)"
      ),
      (["f", "--logits", "1,2,3", "-t"], "unknown option '-t' (did you mean '--temperature'?)"),
      (["f", "--logits", "1,2,3", "-x"], "unknown option '-x'"),
      (["f", "--logits", "1,2,3", "--temperature"], "missing value for '--temperature <T>'"),
      (["f", "--logits", "1,2,3", "--log", "--log"], "option '--log' given more than once"),
      (["f", "--logits", "1,2,3", "--log=1"], "flag '--log' takes no value"),
      (
        ["f", "--logits", "1,2,3", "--count", "1e3"],
        "--count must be a whole number from 1 to 5, got '1e3'"
      ),
      (
        ["f", "--logits", "1,2,3", "--count", "6"],
        "--count must be a whole number from 1 to 5, got '6'"
      ),
      (
        ["f", "--logits", "1,2,3", "--temperature", "-1"],
        "--temperature must be a number ≥ 0 (0 is greedy, inf is uniform), got '-1'"
      ),
      (["f", "--logits", "1,x"], "--logits: entry 2 must be a number, got 'x'"),
      (
        ["f", "--logits", "1,2,3", "--format", "xml"],
        "--format must be one of table, json, got 'xml'"
      ),
      (["f"], "missing required option '--logits <L>'"),
      (["--logits", "1"], "missing required argument '<FILE>'"),
      (["f", "g", "--logits", "1"], "unexpected argument 'g'"),
      (["f", "--logits", "1,2,3", "--log"], "--log applies only with --output"),
      (["f", "--logits", "1,2", "--count", "3"], "--count exceeds the logits"),
      (["", "--logits", "1"], "<FILE> must be a file path (not empty), got ''"),
    ])
  func usageErrors(words: [String], message: String) {
    do {
      _ = try parse(words)
      Issue.record("\(words) parsed")
    } catch let error as CommandError {
      #expect(error.exitCode == .usage)
      #expect(error.message == message)
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test("errors about one option carry its flag (for the JSON error object)")
  func flags() {
    do {
      _ = try parse(["f", "--logits", "1", "--temperature", "x"])
    } catch let error as CommandError {
      #expect(error.flag == "--temperature")
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test("which options were given is known apart from their values")
  func given() throws {
    guard
      case .options(_, let given) = try OptionParser.parse(
        ["f", "--logits", "1,2,3", "--count", "3"], as: DemoCommand.Options.self)
    else {
      Issue.record("help")
      return
    }
    #expect(given.contains(\.count) && given.contains(\.logits) && !given.contains(\.temperature))
  }

  @Test("--format json is seen before parsing, so even usage errors can be JSON")
  func jsonRequest() {
    #expect(OptionParser.requestsJSON(["--x", "--format", "json"]))
    #expect(OptionParser.requestsJSON(["--format=json"]))
    #expect(!OptionParser.requestsJSON(["--", "--format", "json"]))
    #expect(!OptionParser.requestsJSON(["--format", "table"]))
  }
}
