/// Renders `--help` text in the shape of swift-argument-parser tools: OVERVIEW, USAGE,
/// OPTIONS (each with its default) and, for the tool itself, SUBCOMMANDS.
public enum HelpFormatter {
  static let toolName = "kelvin"

  /// The one-line usage of a subcommand: required options first, optional ones in brackets.
  public static func usage(for spec: CommandSpec) -> String {
    let parts =
      spec.arguments.map { "<\($0.name)>" }
      + spec.options.map { $0.isRequired ? $0.synopsis : "[\($0.synopsis)]" }
    return (["\(toolName) \(spec.name)"] + parts).joined(separator: " ")
  }

  /// The full help of a subcommand.
  public static func help(for spec: CommandSpec) -> String {
    var text = "OVERVIEW: \(spec.abstract)\n"
    if !spec.discussion.isEmpty {
      text += "\n" + wrap(spec.discussion, width: 100).joined(separator: "\n") + "\n"
    }
    text += "\nUSAGE: \(usage(for: spec))\n\n"
    if !spec.arguments.isEmpty {
      text += "ARGUMENTS:\n" + columns(spec.arguments.map { ("<\($0.name)>", $0.help) }) + "\n"
    }
    text += "OPTIONS:\n"
    let rows =
      spec.options.map { option -> (String, String) in
        let word = option.synopsis
        var help = option.help
        if let defaultValue = option.defaultValue { help += " (default: \(defaultValue))" }
        return (word, help)
      } + [("-h, --help", "Show help information.")]
    text += columns(rows)
    if !spec.examples.isEmpty {
      text += "\nEXAMPLES:\n" + spec.examples.map { "  \($0)\n" }.joined()
    }
    return text
  }

  /// The help of the tool itself, listing the subcommands.
  public static func toolHelp(abstract: String, commands: [CommandSpec]) -> String {
    var text = "OVERVIEW: \(abstract)\n\nUSAGE: \(toolName) <subcommand> [options]\n\nOPTIONS:\n"
    text += columns([
      ("--version", "Show the version."), ("-h, --help", "Show help information."),
    ])
    text += "\nSUBCOMMANDS:\n"
    text += columns(commands.map { ($0.name, $0.abstract) })
    text += "\n  See '\(toolName) help <subcommand>' for detailed help.\n"
    return text
  }

  /// Two aligned columns, wrapping the right one at 100 characters.
  static func columns(_ rows: [(String, String)]) -> String {
    let width = min(28, (rows.map(\.0.count).max() ?? 0) + 4)
    var text = ""
    for (left, right) in rows {
      let padded = "  " + left
      let lines = wrap(right, width: 110 - width)
      if padded.count + 2 > width {
        text += padded + "\n"
        text += lines.map { String(repeating: " ", count: width) + $0 + "\n" }.joined()
      } else {
        text += padded + String(repeating: " ", count: width - padded.count) + lines[0] + "\n"
        text += lines.dropFirst().map { String(repeating: " ", count: width) + $0 + "\n" }
          .joined()
      }
    }
    return text
  }

  /// Greedy word wrap.
  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      if !current.isEmpty, current.count + 1 + word.count > width {
        lines.append(current)
        current = String(word)
      } else {
        current += current.isEmpty ? String(word) : " " + word
      }
    }
    lines.append(current)
    return lines
  }
}
