/// What the parser found on a subcommand's command line.
public enum ParseResult: Sendable {
  /// `--help` or `-h` was given.
  case help
  /// The options, ready for typed reading.
  case arguments(ParsedArguments)
}

/// Kelvin's small command-line parser, shared by every subcommand.
///
/// Conventions (those of swift-argument-parser tools):
/// - `--name value` and `--name=value`. The value is the next word even when it starts with
///   `-`, so `--logits -1,2` and `--bias -1.5` work.
/// - Flags take no value. `-h` and `--help` anywhere ask for help.
/// - An unknown option, a missing value, a value given to a flag, an option given twice and a
///   stray positional word are usage errors (exit 64) that name the word.
public enum ArgumentParser {
  /// Parses the words after the subcommand name.
  ///
  /// - Parameters:
  ///   - words: The command-line words after the subcommand.
  ///   - spec: The subcommand's declared options.
  /// - Throws: ``CommandError`` with exit code 64.
  /// - Complexity: O(words × options).
  public static func parse(_ words: [String], for spec: CommandSpec) throws -> ParseResult {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []
    var index = 0
    while index < words.count {
      let word = words[index]
      index += 1
      if word == "-h" || word == "--help" { return .help }
      // A lone "-" is a positional (standard input), as in most Unix tools.
      guard word.hasPrefix("--"), word.count > 2 else {
        guard !word.hasPrefix("-") || word == "-", positionals.count < spec.arguments.count
        else { throw CommandError.usage("unexpected argument '\(word)'") }
        positionals.append(word)
        continue
      }
      let body = word.dropFirst(2)
      let name: String
      var inlineValue: String?
      if let equals = body.firstIndex(of: "=") {
        name = String(body[..<equals])
        inlineValue = String(body[body.index(after: equals)...])
      } else {
        name = String(body)
      }
      guard let option = spec.option(named: name) else {
        throw CommandError.usage("unknown option '--\(name)'")
      }
      guard values[name] == nil, !flags.contains(name) else {
        throw CommandError.usage("option '--\(name)' given more than once")
      }
      if option.isFlag {
        if inlineValue != nil {
          throw CommandError.usage("flag '--\(name)' takes no value")
        }
        flags.insert(name)
        continue
      }
      if let inlineValue {
        values[name] = inlineValue
      } else if index < words.count {
        values[name] = words[index]
        index += 1
      } else {
        throw CommandError.usage("missing value for '--\(name) <\(option.valueName ?? "value")>'")
      }
    }
    if positionals.count < spec.arguments.count {
      let missing = spec.arguments[positionals.count]
      throw CommandError.usage("missing argument <\(missing.name)>")
    }
    return .arguments(
      ParsedArguments(spec: spec, values: values, flags: flags, positionals: positionals))
  }
}

/// The options of one invocation, read by name; absent options fall back to their declared
/// defaults, so help and behaviour cannot disagree.
public struct ParsedArguments: Sendable {
  /// The command's declaration.
  public let spec: CommandSpec
  let values: [String: String]
  let flags: Set<String>
  /// The positional arguments, in the order the command declares them.
  public let positionals: [String]

  /// The value given for `name`, or its declared default, or `nil`.
  ///
  /// - Precondition: The command declares an option called `name`.
  public func value(_ name: String) -> String? {
    guard let option = spec.option(named: name) else {
      preconditionFailure("command '\(spec.name)' declares no option '--\(name)'")
    }
    return values[name] ?? option.defaultValue
  }

  /// Whether `name` was given on the command line (defaults do not count).
  public func isGiven(_ name: String) -> Bool {
    values[name] != nil || flags.contains(name)
  }

  /// The value for `name`, or a usage error when it has neither a value nor a default.
  public func required(_ name: String) throws -> String {
    guard let value = value(name) else {
      let placeholder = spec.option(named: name)?.valueName ?? "value"
      throw CommandError.usage("missing required option '--\(name) <\(placeholder)>'")
    }
    return value
  }
}
