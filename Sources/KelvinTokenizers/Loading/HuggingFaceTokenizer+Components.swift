import KelvinIO

/// Reading the components of a `tokenizer.json` (everything but the model's vocabulary and
/// merges, which are streamed).
extension HuggingFaceTokenizer {
  /// The deepest nesting of `Sequence` components accepted.
  static let maximumComponentDepth = 16

  static func pattern(_ node: ConfigurationNode, tables: UnicodeTables) throws(TokenizerError)
    -> ScalarPattern
  {
    let pattern = try node.required("pattern")
    if case .string(let literal)? = pattern.node["String"] {
      return ScalarPattern(literal: literal, tables: tables)
    }
    if case .string(let regex)? = pattern.node["Regex"] {
      do {
        return try ScalarPattern(regex, tables: tables)
      } catch {
        throw pattern.malformed("\(error)")
      }
    }
    throw pattern.malformed("expected {\"String\": …} or {\"Regex\": …}")
  }

  static func normalizer(_ node: ConfigurationNode, tables: UnicodeTables, depth: Int = 0)
    throws(TokenizerError) -> TextNormalizer
  {
    guard depth < maximumComponentDepth else { throw node.malformed("nested too deeply") }
    switch node.type {
    case "NFC": return .unicode(.nfc)
    case "NFKC": return .unicode(.nfkc)
    case "NFD": return .unicode(.nfd)
    case "NFKD": return .unicode(.nfkd)
    case "Prepend": return .prepend(try node.string("prepend").unicodeScalars.map(\.value))
    case "Replace":
      return .replace(
        try pattern(node, tables: tables), try node.string("content").unicodeScalars.map(\.value))
    case "Strip":
      return .strip(left: try node.bool("strip_left"), right: try node.bool("strip_right"))
    case "Sequence":
      var steps: [TextNormalizer] = []
      for step in try node.required("normalizers").elements() {
        steps.append(try normalizer(step, tables: tables, depth: depth + 1))
      }
      return .sequence(steps)
    case let type?: throw .unsupported(file: node.file, at: node.path, "the normalizer \(type)")
    case nil: throw node.malformed("a normalizer without a \"type\"")
    }
  }

  static func preTokenizer(_ node: ConfigurationNode, tables: UnicodeTables, depth: Int = 0)
    throws(TokenizerError) -> PreTokenizer
  {
    guard depth < maximumComponentDepth else { throw node.malformed("nested too deeply") }
    switch node.type {
    case "ByteLevel":
      let usesRegex = try node.bool("use_regex", default: true)
      return .byteLevel(
        addsPrefixSpace: try node.bool("add_prefix_space"),
        pattern: usesRegex ? try ScalarPattern(PreTokenizer.gpt2Pattern, tables: tables) : nil)
    case "Split":
      let name = try node.string("behavior")
      guard let behavior = SplitBehavior(rawValue: name) else {
        throw try node.required("behavior").malformed(
          "expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous, got \(name.debugDescription)"
        )
      }
      return .split(
        try pattern(node, tables: tables), behavior,
        inverted: try node.bool("invert", default: false))
    case "Metaspace":
      return .metaspace(
        replacement: try node.scalar("replacement"), scheme: try scheme(node),
        splits: try node.bool("split", default: true))
    case "Digits":
      return .digits(individual: try node.bool("individual_digits", default: false))
    case "Sequence":
      var steps: [PreTokenizer] = []
      for step in try node.required("pretokenizers").elements() {
        steps.append(try preTokenizer(step, tables: tables, depth: depth + 1))
      }
      return .sequence(steps)
    case let type?: throw .unsupported(file: node.file, at: node.path, "the pre-tokenizer \(type)")
    case nil: throw node.malformed("a pre-tokenizer without a \"type\"")
    }
  }

  /// `Metaspace`'s `prepend_scheme`, with the older `add_prefix_space` as `tokenizers` reads it.
  static func scheme(_ node: ConfigurationNode) throws(TokenizerError) -> PrependScheme {
    var scheme = PrependScheme.always
    if let name = try node.optionalString("prepend_scheme") {
      guard let known = PrependScheme(rawValue: name) else {
        throw try node.required("prepend_scheme").malformed(
          "expected always, first or never, got \(name.debugDescription)")
      }
      scheme = known
    }
    if node.child("add_prefix_space") != nil, try node.bool("add_prefix_space") == false {
      guard scheme == .never || node.child("prepend_scheme") == nil else {
        throw node.malformed(
          "add_prefix_space false does not match prepend_scheme \(scheme.rawValue)")
      }
      scheme = .never
    }
    return scheme
  }

  static func decoder(_ node: ConfigurationNode, tables: UnicodeTables, depth: Int = 0)
    throws(TokenizerError) -> TokenDecoder
  {
    guard depth < maximumComponentDepth else { throw node.malformed("nested too deeply") }
    switch node.type {
    case "ByteLevel": return .byteLevel
    case "Metaspace":
      return .metaspace(replacement: try node.scalar("replacement"), scheme: try scheme(node))
    case "ByteFallback": return .byteFallback
    case "Fuse": return .fuse
    case "Strip":
      return .strip(
        content: try node.scalar("content"), start: try node.integer("start", below: 1 << 20),
        stop: try node.integer("stop", below: 1 << 20))
    case "Replace":
      return .replace(
        try pattern(node, tables: tables), try node.string("content").unicodeScalars.map(\.value))
    case "Sequence":
      var steps: [TokenDecoder] = []
      for step in try node.required("decoders").elements() {
        steps.append(try decoder(step, tables: tables, depth: depth + 1))
      }
      return .sequence(steps)
    case let type?: throw .unsupported(file: node.file, at: node.path, "the decoder \(type)")
    case nil: throw node.malformed("a decoder without a \"type\"")
    }
  }

  static func postProcessor(_ node: ConfigurationNode, depth: Int = 0) throws(TokenizerError)
    -> PostProcessor
  {
    guard depth < maximumComponentDepth else { throw node.malformed("nested too deeply") }
    switch node.type {
    case "ByteLevel": return .none
    case "TemplateProcessing":
      let specials = try node.required("special_tokens")
      var before: [Int32] = []
      var after: [Int32] = []
      var seenSequence = false
      for piece in try node.required("single").elements() {
        if let special = piece.child("SpecialToken") {
          let name = try special.string("id")
          guard let entry = specials.child(name) else {
            throw special.malformed(
              "the special token \(name.debugDescription) is not in special_tokens")
          }
          var ids: [Int32] = []
          for id in try entry.required("ids").elements() {
            ids.append(Int32(try id.integer(below: Int(Int32.max))))
          }
          if seenSequence { after += ids } else { before += ids }
        } else if let sequence = piece.child("Sequence") {
          guard try sequence.string("id") == "A", !seenSequence else {
            throw sequence.malformed("a single-sequence template has one sequence, A")
          }
          seenSequence = true
        } else {
          throw piece.malformed("expected {\"SpecialToken\": …} or {\"Sequence\": …}")
        }
      }
      return .template(before: before, after: after)
    case "BertProcessing", "RobertaProcessing":
      func pair(_ key: String) throws(TokenizerError) -> Int32 {
        let value = try node.required(key)
        let items = try value.elements()
        guard items.count == 2 else { throw value.malformed("expected [token, id]") }
        return Int32(try items[1].integer(below: Int(Int32.max)))
      }
      return .template(before: [try pair("cls")], after: [try pair("sep")])
    case "Sequence":
      var steps: [PostProcessor] = []
      for step in try node.required("processors").elements() {
        steps.append(try postProcessor(step, depth: depth + 1))
      }
      return .sequence(steps)
    case let type?: throw .unsupported(file: node.file, at: node.path, "the post-processor \(type)")
    case nil: throw node.malformed("a post-processor without a \"type\"")
    }
  }

  static func addedTokens(_ node: ConfigurationNode) throws(TokenizerError) -> [AddedToken] {
    var tokens: [AddedToken] = []
    for entry in try node.elements() {
      tokens.append(
        AddedToken(
          id: Int32(try entry.integer("id", below: maximumTokenCount)),
          content: try entry.string("content").unicodeScalars.map(\.value),
          isSpecial: try entry.bool("special", default: false),
          isNormalized: try entry.bool(
            "normalized", default: !(try entry.bool("special", default: false))),
          stripsLeft: try entry.bool("lstrip", default: false),
          stripsRight: try entry.bool("rstrip", default: false),
          isSingleWord: try entry.bool("single_word", default: false)))
    }
    return tokens
  }
}
