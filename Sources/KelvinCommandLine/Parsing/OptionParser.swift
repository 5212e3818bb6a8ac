import Kelvin

/// What the parser found on a command line.
public enum ParseOutcome<Options: CommandOptions> {
  /// `--help` or `-h` was given.
  case help
  /// Every value read and checked.
  case options(Options, GivenOptions<Options>)
}

/// Reads a command's words into its typed options, from the declarations alone.
///
/// Conventions (those of swift-argument-parser tools):
/// - `--name value` and `--name=value`; the value is the next word even when it starts with
///   `-`, so `--logits -1,2` and `--bias -1.5` work.
/// - Flags take no value. `-h` and `--help` ask for help anywhere but as a value.
/// - `--` ends the options: every later word is a positional argument.
/// - An unknown option (with a "did you mean"), a missing value, a value given to a flag, an
///   option given twice, a value its rule refuses, a missing required option and an extra
///   positional word are usage errors (exit 64) that name the option and the value.
/// - Relations between options, then the command's own checks, run after every value has
///   been read, so nothing runs or is allocated with a value out of range.
public enum OptionParser {
  /// Parses `words` (those after the subcommand name).
  ///
  /// - Throws: ``CommandError`` with exit code 64 and the flag concerned.
  /// - Complexity: O(words × options).
  public static func parse<Options: CommandOptions>(_ words: [String], as _: Options.Type)
    throws -> ParseOutcome<Options>
  {
    let declarations = Options.declarations
    let named = declarations.filter { !$0.isPositional }
    let positional = declarations.filter(\.isPositional)
    var options = Options()
    var given = Set<PartialKeyPath<Options>>()
    var positionals: [String] = []
    var index = 0
    var optionsEnded = false
    while index < words.count {
      let word = words[index]
      index += 1
      if optionsEnded || word == "-" || !word.hasPrefix("-") {
        positionals.append(word)
        continue
      }
      if word == "--" {
        optionsEnded = true
        continue
      }
      if word == "-h" || word == "--help" { return .help }
      guard word.hasPrefix("--") else {
        throw CommandError.usage("unknown option '\(word)'\(suggestion(word, named))")
      }
      let body = word.dropFirst(2)
      let name: String
      var inline: String?
      if let equals = body.firstIndex(of: "=") {
        name = String(body[..<equals])
        inline = String(body[body.index(after: equals)...])
      } else {
        name = String(body)
      }
      guard let declaration = named.first(where: { $0.name == name }) else {
        throw CommandError.usage("unknown option '--\(name)'\(suggestion(name, named))")
      }
      guard declaration.isRepeatable || !given.contains(declaration.keyPath) else {
        throw CommandError.usage(
          "option '--\(name)' given more than once", flag: declaration.flag)
      }
      given.insert(declaration.keyPath)
      let text: String
      if declaration.isFlag {
        guard inline == nil else {
          throw CommandError.usage("flag '--\(name)' takes no value", flag: declaration.flag)
        }
        text = ""
      } else if let inline {
        text = inline
      } else if index < words.count {
        text = words[index]
        index += 1
      } else {
        throw CommandError.usage(
          "missing value for '\(declaration.synopsis)'", flag: declaration.flag)
      }
      try assign(declaration, text, to: &options)
    }
    for (position, word) in positionals.enumerated() {
      guard position < positional.count else {
        throw CommandError.usage("unexpected argument '\(word)'")
      }
      given.insert(positional[position].keyPath)
      try assign(positional[position], word, to: &options)
    }
    for declaration in declarations where declaration.isRequired {
      guard given.contains(declaration.keyPath) else {
        let what = declaration.isPositional ? "argument" : "option"
        throw CommandError.usage(
          "missing required \(what) '\(declaration.synopsis)'", flag: declaration.flag)
      }
    }
    let givenOptions = GivenOptions<Options>(keyPaths: given)
    for relation in Options.relations {
      if let message = relation.check(options, givenOptions) { throw CommandError.usage(message) }
    }
    try options.validate(given: givenOptions)
    return .options(options, givenOptions)
  }

  static func assign<Options>(
    _ declaration: OptionDeclaration<Options>, _ text: String, to options: inout Options
  ) throws {
    do throws(ValueRuleViolation) {
      try declaration.assign(&options, text)
    } catch {
      throw CommandError.usage(error.message(subject: declaration.flag), flag: declaration.flag)
    }
  }

  static func suggestion<Options>(_ word: String, _ declarations: [OptionDeclaration<Options>])
    -> String
  {
    let bare = String(word.drop { $0 == "-" })
    let names = declarations.map(\.name) + ["help"]
    return ClosestName.suggestion(for: bare, among: names).map { " (did you mean '--\($0)'?)" }
      ?? ""
  }

  /// Whether the words ask for JSON output.
  ///
  /// Then even a usage error is reported as JSON. Looks only for the exact forms `--format json` and `--format=json` before `--`.
  public static func requestsJSON(_ words: [String]) -> Bool {
    for (index, word) in words.enumerated() {
      if word == "--" { return false }
      if word == "--format=json" { return true }
      if word == "--format", index + 1 < words.count, words[index + 1] == "json" { return true }
    }
    return false
  }
}
