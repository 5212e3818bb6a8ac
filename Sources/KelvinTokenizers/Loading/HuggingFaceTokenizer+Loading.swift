import KelvinIO

extension HuggingFaceTokenizer {
  /// The largest number of token ids accepted (ids from 0 to 2²⁴ − 1).
  public static let maximumTokenCount = 1 << 24
  /// The largest `tokenizer.json` accepted, in bytes (256 MiB; the largest published ones,
  /// with 256k tokens, are under 40 MB).
  public static let maximumFileBytes = 1 << 28

  /// Reads the `tokenizer.json` at `path` (`-` for standard input).
  ///
  /// `truncation` and `padding` are not applied (they belong to batching; Kelvin encodes one
  /// text at a time, whole).
  ///
  /// - Throws: ``KelvinIOError`` when the file cannot be read or passes
  ///   ``maximumFileBytes``; ``TokenizerError`` naming the JSON path of what is malformed or
  ///   unsupported.
  /// - Complexity: O(file size); memory after loading is about the size of the vocabulary and
  ///   merges as text, plus 16 bytes per merge and 20 per token.
  public init(contentsOf path: String) throws {
    let file = try InputFile(path: path, streamLimit: Self.maximumFileBytes)
    guard file.size <= Self.maximumFileBytes else {
      throw KelvinIOError.malformed(
        path, "\(file.size) bytes exceed the limit of \(Self.maximumFileBytes) for a tokenizer.json"
      )
    }
    try self.init(json: try file.contents(), file: path)
  }

  /// Reads a `tokenizer.json` from its bytes; `file` names it in errors.
  ///
  /// - Throws: ``TokenizerError`` naming the JSON path of what is malformed or unsupported.
  public init(json bytes: [UInt8], file: String) throws(TokenizerError) {
    let tables = try UnicodeTables.load()
    var sections: [String: ConfigurationNode] = [:]
    var vocabulary = ByteStringTable(capacity: 1024)
    var vocabularyIDs: [Int32] = []
    var sawVocabulary = false
    var mergeBytes: [UInt8] = []
    var mergeEnds: [Int32] = []  // a, b, a, b, … end offsets in mergeBytes
    var sawMerges = false
    var modelFields: [(String, JSONNode)] = []
    func syntax(_ error: Error) -> TokenizerError {
      if let error = error as? TokenizerError { return error }
      return .malformed(file: file, at: "", "\(error)")
    }
    var reader = JSONReader(bytes)
    do {
      guard try reader.peek() == .object else {
        throw TokenizerError.malformed(file: file, at: "", "a tokenizer.json is a JSON object")
      }
      try reader.readObject { key, value in
        switch key {
        case "added_tokens", "normalizer", "pre_tokenizer", "post_processor", "decoder":
          sections[key] = ConfigurationNode(node: try value.readNode(), path: key, file: file)
        case "model":
          guard try value.peek() == .object else {
            throw TokenizerError.malformed(file: file, at: "model", "expected an object")
          }
          try value.readObject { field, inner in
            switch field {
            case "vocab":
              sawVocabulary = true
              guard try inner.peek() == .object else {
                throw TokenizerError.malformed(
                  file: file, at: "model.vocab", "expected an object of token: id")
              }
              try inner.readObject(checksDuplicateKeys: false) { token, idReader in
                let node = try idReader.readNode()
                guard let id = node.exactNonNegativeInteger, id < Self.maximumTokenCount else {
                  throw TokenizerError.malformed(
                    file: file, at: "model.vocab[\(token.debugDescription)]",
                    "the id is not a whole number from 0 to \(Self.maximumTokenCount - 1)")
                }
                guard vocabulary.insert(Array(token.utf8), value: Int32(id)) else {
                  throw TokenizerError.malformed(
                    file: file, at: "model.vocab",
                    "the token \(token.debugDescription) is listed twice")
                }
                vocabularyIDs.append(Int32(id))
              }
            case "merges":
              sawMerges = true
              guard try inner.peek() == .array else {
                throw TokenizerError.malformed(file: file, at: "model.merges", "expected an array")
              }
              try inner.readArray { index, item in
                let at = "model.merges[\(index)]"
                guard mergeEnds.count / 2 < Self.maximumTokenCount else {
                  throw TokenizerError.malformed(
                    file: file, at: "model.merges", "more than \(Self.maximumTokenCount) merges")
                }
                switch try item.peek() {
                case .string:
                  let line = try item.readString()
                  let parts = line.split(separator: " ", omittingEmptySubsequences: false)
                  guard parts.count == 2 else {
                    throw TokenizerError.malformed(
                      file: file, at: at,
                      "a merge is \"a b\" (one space), got \(line.debugDescription)")
                  }
                  mergeBytes.append(contentsOf: parts[0].utf8)
                  mergeEnds.append(Int32(mergeBytes.count))
                  mergeBytes.append(contentsOf: parts[1].utf8)
                  mergeEnds.append(Int32(mergeBytes.count))
                case .array:
                  var count = 0
                  try item.readArray { _, part in
                    guard count < 2, try part.peek() == .string else {
                      throw TokenizerError.malformed(
                        file: file, at: at, "a merge is an array of two strings")
                    }
                    mergeBytes.append(contentsOf: try part.readString().utf8)
                    mergeEnds.append(Int32(mergeBytes.count))
                    count += 1
                  }
                  guard count == 2 else {
                    throw TokenizerError.malformed(
                      file: file, at: at, "a merge is an array of two strings")
                  }
                default:
                  throw TokenizerError.malformed(
                    file: file, at: at, "a merge is \"a b\" or [\"a\", \"b\"]")
                }
                guard mergeBytes.count < Int(Int32.max) / 2 else {
                  throw TokenizerError.malformed(file: file, at: at, "the merges are too large")
                }
              }
            default:
              modelFields.append((field, try inner.readNode()))
            }
          }
        default:
          try value.skipValue()
        }
      }
      try reader.finish()
    } catch {
      throw syntax(error)
    }

    // The model.
    let model = ConfigurationNode(node: .object(modelFields), path: "model", file: file)
    if let type = model.type, type != "BPE" {
      throw .unsupported(file: file, at: "model.type", "the model \(type) (only BPE is)")
    }
    guard sawVocabulary, sawMerges else {
      throw .malformed(file: file, at: "model", "a BPE model needs \"vocab\" and \"merges\"")
    }
    if let dropout = model.child("dropout"), dropout.node != .number(0, text: "0") {
      if case .number(let value, _) = dropout.node, value == 0 {
      } else {
        throw .unsupported(file: file, at: "model.dropout", "BPE dropout (random merges)")
      }
    }
    let idCount = Int(vocabularyIDs.max() ?? -1) + 1
    var entries = [Int32](repeating: -1, count: idCount)
    for (entry, id) in vocabularyIDs.enumerated() {
      guard entries[Int(id)] < 0 else {
        let first = String(decoding: vocabulary.key(at: Int(entries[Int(id)])), as: UTF8.self)
        let second = String(decoding: vocabulary.key(at: entry), as: UTF8.self)
        throw .malformed(
          file: file, at: "model.vocab",
          "the id \(id) is given to both \(first.debugDescription) and \(second.debugDescription)")
      }
      entries[Int(id)] = Int32(entry)
    }
    let prefix = try model.optionalString("continuing_subword_prefix").map { Array($0.utf8) }
    let suffix = try model.optionalString("end_of_word_suffix").map { Array($0.utf8) }
    var merges = PairTable(capacity: mergeEnds.count / 2)
    try mergeBytes.withUnsafeBufferPointer { all throws(TokenizerError) in
      var start = 0
      var joined: [UInt8] = []
      for rank in 0..<(mergeEnds.count / 2) {
        let middle = Int(mergeEnds[2 * rank])
        let end = Int(mergeEnds[2 * rank + 1])
        let first = UnsafeBufferPointer(rebasing: all[start..<middle])
        let second = UnsafeBufferPointer(rebasing: all[middle..<end])
        start = end
        func missing(_ part: UnsafeBufferPointer<UInt8>) -> TokenizerError {
          .malformed(
            file: file, at: "model.merges[\(rank)]",
            "the token \(String(decoding: part, as: UTF8.self).debugDescription) is not in model.vocab"
          )
        }
        guard let a = vocabulary.value(for: first) else { throw missing(first) }
        guard let b = vocabulary.value(for: second) else { throw missing(second) }
        let cut = prefix?.count ?? 0
        guard second.count >= cut else {
          throw .malformed(
            file: file, at: "model.merges[\(rank)]",
            "the second token is shorter than continuing_subword_prefix")
        }
        joined.removeAll(keepingCapacity: true)
        joined.append(contentsOf: first)
        joined.append(contentsOf: second[cut...])
        guard let result = vocabulary.value(for: joined) else {
          throw missing(joined.withUnsafeBufferPointer { $0 })
        }
        merges.set(a, b, rank: Int32(rank), result: result)
      }
    }
    mergeBytes = []
    let bpe = BPEModel(
      vocabulary: vocabulary, entries: entries, merges: merges,
      unknownToken: try model.optionalString("unk_token").map { Array($0.utf8) },
      continuingSubwordPrefix: prefix, endOfWordSuffix: suffix,
      fusesUnknown: try model.bool("fuse_unk", default: false),
      byteFallback: try model.bool("byte_fallback", default: false),
      ignoresMerges: try model.bool("ignore_merges", default: false))

    // The pipeline.
    let normalizer = try sections["normalizer"].flatMap { node throws(TokenizerError) in
      node.node == .null ? nil : try Self.normalizer(node, tables: tables)
    }
    let preTokenizer = try sections["pre_tokenizer"].flatMap { node throws(TokenizerError) in
      node.node == .null ? nil : try Self.preTokenizer(node, tables: tables)
    }
    let decoder = try sections["decoder"].flatMap { node throws(TokenizerError) in
      node.node == .null ? nil : try Self.decoder(node, tables: tables)
    }
    let added =
      try sections["added_tokens"].map { node throws(TokenizerError) in
        try Self.addedTokens(node)
      } ?? []
    var addedByID: [Int32: Int] = [:]
    var addedText: [Int32: [UInt32]] = [:]
    var specialTexts = Set<[UInt8]>()
    var scratch = ScalarPattern.Scratch()
    func normalized(_ token: AddedToken) throws(TokenizerError) -> [UInt32] {
      guard token.isNormalized, let normalizer else { return token.content }
      var text = token.content
      var origins = [Int32](repeating: 0, count: text.count)
      try normalizer.apply(to: &text, origins: &origins, tables: tables, scratch: &scratch)
      return text
    }
    for (index, token) in added.enumerated() {
      guard addedByID[token.id] == nil else {
        throw .malformed(
          file: file, at: "added_tokens[\(index)]", "the id \(token.id) is listed twice")
      }
      addedByID[token.id] = index
      addedText[token.id] = try normalized(token)
      if token.isSpecial {
        var bytes: [UInt8] = []
        token.content.withUnsafeBufferPointer { appendUTF8($0, to: &bytes) }
        specialTexts.insert(bytes)
      }
    }
    let vocabularySize = max(idCount, Int(added.map(\.id).max() ?? -1) + 1)
    let addedVocabulary = try AddedVocabulary(tokens: added, normalizedContent: normalized)
    let postProcessor =
      try sections["post_processor"].flatMap { node throws(TokenizerError) in
        node.node == .null
          ? nil
          : try Self.postProcessor(node)
      } ?? PostProcessor.none
    for id in Self.ids(of: postProcessor) where Int(id) >= vocabularySize {
      throw .malformed(
        file: file, at: "post_processor",
        "the token id \(id) is outside the vocabulary of \(vocabularySize)")
    }
    var isByteLevel = false
    if case .byteLevel? = decoder { isByteLevel = true }
    let decoding = DecodingTable(
      count: vocabularySize, byteLevel: isByteLevel, plan: SentencePiecePlan(decoder),
      specialTexts: specialTexts
    ) { id in
      if let added = addedText[Int32(id)] {
        var bytes: [UInt8] = []
        added.withUnsafeBufferPointer { appendUTF8($0, to: &bytes) }
        return bytes[...]
      }
      return bpe.token(id)
    }
    self.init(
      tables: tables, normalizer: normalizer, preTokenizer: preTokenizer, model: bpe,
      addedVocabulary: addedVocabulary, addedByID: addedByID, postProcessor: postProcessor,
      decoder: decoder, decoding: decoding, vocabularySize: vocabularySize)
  }

  private static func ids(of processor: PostProcessor) -> [Int32] {
    switch processor {
    case .template(let before, let after): return before + after
    case .none: return []
    case .sequence(let steps): return steps.flatMap(ids(of:))
    }
  }
}
