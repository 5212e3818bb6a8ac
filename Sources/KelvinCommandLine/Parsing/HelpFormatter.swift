/// Renders `--help` in the shape of swift-argument-parser tools (OVERVIEW, USAGE, ARGUMENTS,
/// OPTIONS with each default, SUBCOMMANDS), wrapped to the terminal's width.
public struct HelpFormatter: Sendable {
  /// The tool's name in usage lines.
  public static let toolName = "kelvin"

  /// The width text is wrapped to.
  public let width: Int

  /// Creates a formatter for `width` columns (at least 40).
  public init(width: Int) { self.width = max(40, width) }

  /// The width from `COLUMNS` when it is a whole number, else 80.
  public static func width(environment: [String: String]) -> Int {
    guard let text = environment["COLUMNS"], let columns = Int(text), columns > 0 else {
      return 80
    }
    return max(40, columns)
  }

  /// The usage line without `USAGE: `: every option when it fits, else the positional
  /// arguments and required options followed by `[<options>]`.
  public func usage<C: Command>(for command: C.Type) -> String {
    let declarations = C.Options.declarations
    let head = "\(Self.toolName) \(C.configuration.name)"
    let full =
      [head]
      + declarations.map { $0.isRequired ? $0.synopsis : "[\($0.synopsis)]" }
    let line = full.joined(separator: " ")
    if "USAGE: ".count + line.count <= width { return line }
    let required = declarations.filter(\.isRequired).map(\.synopsis)
    let optional = declarations.contains { !$0.isRequired } ? ["[<options>]"] : []
    return ([head] + required + optional).joined(separator: " ")
  }

  /// The full help of a subcommand.
  public func help<C: Command>(for command: C.Type) -> String {
    let configuration = C.configuration
    let declarations = C.Options.declarations
    var text = hanging("OVERVIEW: ", configuration.abstract)
    if !configuration.discussion.isEmpty {
      text += "\n" + wrap(configuration.discussion, width: width).joined(separator: "\n") + "\n"
    }
    text += "\n" + hanging("USAGE: ", usage(for: command)) + "\n"
    let arguments = declarations.filter(\.isPositional)
    if !arguments.isEmpty {
      text += "ARGUMENTS:\n" + columns(arguments.map { ($0.synopsis, describe($0)) }) + "\n"
    }
    text += "OPTIONS:\n"
    let rows =
      declarations.filter { !$0.isPositional }.map { ($0.synopsis, describe($0)) }
      + [("-h, --help", "Show help information.")]
    text += columns(rows)
    let relations = C.Options.relations.map(\.summary)
    if !relations.isEmpty {
      text += "\nRULES:\n" + relations.map { wrapped("  ", $0) }.joined()
    }
    if !configuration.examples.isEmpty {
      text += "\nEXAMPLES:\n" + configuration.examples.map { "  \($0)\n" }.joined()
    }
    return text
  }

  /// The help of the tool itself, listing the subcommands.
  public func toolHelp(abstract: String, commands: [CommandConfiguration]) -> String {
    var text =
      hanging("OVERVIEW: ", abstract) + "\nUSAGE: \(Self.toolName) <subcommand> [<options>]\n\n"
    text += "OPTIONS:\n"
    text += columns([("--version", "Show the version."), ("-h, --help", "Show help information.")])
    text += "\nSUBCOMMANDS:\n"
    text += columns(commands.map { ($0.name, $0.abstract) })
    text += "\n" + wrapped("  ", "See '\(Self.toolName) help <subcommand>' for detailed help.")
    return text
  }

  /// The help sentence with the range, the choices and the default.
  func describe<Options>(_ declaration: OptionDeclaration<Options>) -> String {
    var notes: [String] = []
    if let range = declaration.rangeText { notes.append(range) }
    if !declaration.choices.isEmpty, !declaration.help.contains(declaration.choices[0]) {
      notes.append("one of \(declaration.choices.joined(separator: ", "))")
    }
    if let defaultText = declaration.defaultText {
      notes.append("default: \(defaultText.isEmpty ? "''" : defaultText)")
    }
    guard !notes.isEmpty else { return declaration.help }
    let sentence =
      declaration.help.hasSuffix(".") ? String(declaration.help.dropLast()) : declaration.help
    return "\(sentence) (\(notes.joined(separator: "; ")))."
  }

  /// Two aligned columns; the right one wrapped to the width.
  func columns(_ rows: [(String, String)]) -> String {
    var indent = min(30, (rows.map(\.0.count).max() ?? 0) + 4)
    // On a narrow terminal the descriptions go under their options instead.
    if width - indent < 30 { indent = 6 }
    let available = width - indent
    var text = ""
    for (left, right) in rows {
      let padded = "  " + left
      let lines = wrap(right, width: available)
      let margin = String(repeating: " ", count: indent)
      if padded.count + 2 > indent {
        text += padded + "\n" + lines.map { margin + $0 + "\n" }.joined()
      } else {
        text += padded + String(repeating: " ", count: indent - padded.count) + lines[0] + "\n"
        text += lines.dropFirst().map { margin + $0 + "\n" }.joined()
      }
    }
    return text
  }

  /// `label` then `text` wrapped, continuation lines indented under the text.
  func hanging(_ label: String, _ text: String) -> String {
    let margin = String(repeating: " ", count: label.count)
    return wrap(text, width: width - label.count).enumerated().map { index, line in
      (index == 0 ? label : margin) + line + "\n"
    }.joined()
  }

  func wrapped(_ indent: String, _ text: String) -> String {
    wrap(text, width: width - indent.count).map { indent + $0 + "\n" }.joined()
  }

  /// Greedy word wrap; a word longer than the width stands on its own line, and a blank line
  /// (`"\n\n"`) in the text starts a new paragraph.
  func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    for (number, paragraph) in text.components(separatedBy: "\n\n").enumerated() {
      if number > 0 { lines.append("") }
      var current = ""
      for word in paragraph.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
        if !current.isEmpty, current.count + 1 + word.count > width {
          lines.append(current)
          current = String(word)
        } else {
          current += current.isEmpty ? String(word) : " " + word
        }
      }
      lines.append(current)
    }
    return lines
  }
}
