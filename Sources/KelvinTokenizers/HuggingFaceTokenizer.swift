/// A tokenizer read from a Hugging Face `tokenizer.json`, encoding and decoding as the
/// `tokenizers` package does, id for id.
///
/// Encoding runs the pipeline of `tokenizers`: added tokens are found in the raw text; each
/// stretch between them is normalized, searched for added tokens matched in normalized form,
/// pre-tokenized into pieces, and each piece goes through the BPE model; with
/// ``EncodingOptions/addsSpecialTokens`` the post-processor's template adds its tokens (a
/// beginning-of-sequence token, say). Special tokens in the text (`<|endoftext|>`, `<s>`) are
/// plain text unless ``EncodingOptions/parsesSpecialTokens`` is set: text from a user never
/// becomes a control token by accident. (`tokenizers` parses them by default; its
/// `encode_special_tokens = True` is Kelvin's default.)
///
/// Supported components: the BPE model (merges by rank, `byte_fallback`, `unk_token`,
/// `fuse_unk`, `ignore_merges`, `continuing_subword_prefix`, `end_of_word_suffix`); the
/// normalizers NFC, NFKC, NFD, NFKD, Prepend, Replace, Strip and Sequence; the
/// pre-tokenizers ByteLevel, Split, Metaspace, Digits and Sequence; the decoders ByteLevel,
/// Metaspace, ByteFallback, Fuse, Strip, Replace and Sequence; the post-processors
/// TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel and Sequence. Anything
/// else is an error naming its JSON path when the file is read.
public struct HuggingFaceTokenizer: Tokenizer, Sendable {
  let tables: UnicodeTables
  let normalizer: TextNormalizer?
  let preTokenizer: PreTokenizer?
  let model: BPEModel
  let addedVocabulary: AddedVocabulary
  /// Index in ``addedVocabulary`` of each added token's id.
  let addedByID: [Int32: Int]
  let postProcessor: PostProcessor
  let decoder: TokenDecoder?
  /// What `decode` reads for each id (an added token's text in its normalized form when it is
  /// matched normalized, as `tokenizers` caches it), prepared once.
  let decoding: DecodingTable

  /// The number of token ids: one more than the largest id of the model or the added tokens.
  public let vocabularySize: Int

  /// How ``encode(_:options:)`` treats special tokens.
  public struct EncodingOptions: Sendable, Equatable {
    /// Whether special added tokens written in the text are read as those tokens.
    public var parsesSpecialTokens: Bool
    /// Whether the post-processor's special tokens (a beginning-of-sequence token) are added.
    public var addsSpecialTokens: Bool

    /// Options; by default special tokens are neither parsed nor added.
    public init(parsesSpecialTokens: Bool = false, addsSpecialTokens: Bool = false) {
      self.parsesSpecialTokens = parsesSpecialTokens
      self.addsSpecialTokens = addsSpecialTokens
    }
  }

  /// The token ids of `text`, special tokens neither parsed nor added.
  ///
  /// - Throws: ``TokenizerError`` when the text needs the unknown token and the vocabulary
  ///   lacks it, or a pattern search exceeds its step limit.
  /// - Complexity: O(n log n) in the length of the text.
  public func encode(_ text: String) throws -> [Int] {
    try encode(text, options: EncodingOptions())
  }

  /// The token ids of `text`.
  ///
  /// - Throws: As ``encode(_:)``.
  public func encode(_ text: String, options: EncodingOptions) throws(TokenizerError) -> [Int] {
    var ids: [Int32] = []
    var workspace = Workspace()
    let scalars = text.unicodeScalars.map(\.value)
    try scalars.withUnsafeBufferPointer { buffer throws(TokenizerError) in
      let found = addedVocabulary.matches(
        in: buffer, normalized: false, parsesSpecial: options.parsesSpecialTokens, tables: tables)
      try addedVocabulary.split(buffer.count, at: found) { range throws(TokenizerError) in
        try encodeSegment(buffer, range: range, options: options, into: &ids, workspace: &workspace)
      } token: {
        ids.append($0)
      }
    }
    if options.addsSpecialTokens { ids = postProcessor.apply(to: ids) }
    return ids.map(Int.init)
  }

  /// The work space of one `encode` call; the cache maps pieces to their ids.
  struct Workspace {
    var pieces = PieceBuffer()
    var spare = PieceBuffer()
    var pattern = ScalarPattern.Scratch()
    var model = BPEModel.Scratch()
    var cache: [[UInt32]: [Int32]] = [:]
    var segment: [UInt32] = []
    var origins: [Int32] = []
  }

  /// Normalizes, pre-tokenizes and encodes the raw text in `range`.
  private func encodeSegment(
    _ text: UnsafeBufferPointer<UInt32>, range: Range<Int>, options: EncodingOptions,
    into ids: inout [Int32], workspace: inout Workspace
  ) throws(TokenizerError) {
    guard !range.isEmpty else { return }
    workspace.segment.removeAll(keepingCapacity: true)
    workspace.segment.append(contentsOf: text[range])
    workspace.origins.removeAll(keepingCapacity: true)
    workspace.origins.append(contentsOf: (range.lowerBound..<range.upperBound).lazy.map(Int32.init))
    if let normalizer {
      try normalizer.apply(
        to: &workspace.segment, origins: &workspace.origins, tables: tables,
        scratch: &workspace.pattern)
    }
    // Copies of the references (not of the storage): the pieces below mutate the workspace.
    let segment = workspace.segment
    let origins = workspace.origins
    try segment.withUnsafeBufferPointer { normalized throws(TokenizerError) in
      let found = addedVocabulary.matches(
        in: normalized, normalized: true, parsesSpecial: options.parsesSpecialTokens,
        tables: tables)
      try addedVocabulary.split(normalized.count, at: found) { range throws(TokenizerError) in
        try encodePieces(
          normalized, origins: origins, range: range, into: &ids, workspace: &workspace)
      } token: {
        ids.append($0)
      }
    }
  }

  /// Pre-tokenizes the normalized text in `range` and runs the model on each piece.
  private func encodePieces(
    _ text: UnsafeBufferPointer<UInt32>, origins: [Int32], range: Range<Int>,
    into ids: inout [Int32], workspace: inout Workspace
  ) throws(TokenizerError) {
    guard !range.isEmpty else { return }
    var buffer = workspace.pieces
    var spare = workspace.spare
    defer {
      workspace.pieces = buffer
      workspace.spare = spare
    }
    buffer.removeAll()
    buffer.append(text[range], origins: origins[range])
    if let preTokenizer {
      try preTokenizer.apply(
        to: &buffer, spare: &spare, tables: tables, scratch: &workspace.pattern)
    }
    try buffer.scalars.withUnsafeBufferPointer { all throws(TokenizerError) in
      for piece in buffer.pieces {
        let word = UnsafeBufferPointer(rebasing: all[piece])
        let key = Array(word)
        if let cached = workspace.cache[key] {
          ids.append(contentsOf: cached)
          continue
        }
        let start = ids.count
        try model.appendTokens(of: word, to: &ids, scratch: &workspace.model)
        if piece.count < 256, workspace.cache.count < 100_000 {
          workspace.cache[key] = Array(ids[start...])
        }
      }
    }
  }

  /// The text of `tokens`, special tokens kept.
  ///
  /// - Throws: ``TokenizerError/unknownToken(_:vocabularySize:)`` for an id no token has.
  public func decode(_ tokens: [Int]) throws -> String {
    try decode(tokens, skipsSpecialTokens: false)
  }

  /// The text of `tokens`.
  ///
  /// - Parameter skipsSpecialTokens: Whether special tokens (and any token with the text of
  ///   one) are left out.
  /// - Throws: ``TokenizerError/unknownToken(_:vocabularySize:)`` for an id no token has.
  /// - Complexity: O(total length of the tokens' texts).
  public func decode(_ tokens: [Int], skipsSpecialTokens: Bool) throws(TokenizerError) -> String {
    for id in tokens where !decoding.contains(id) {
      throw .unknownToken(id, vocabularySize: vocabularySize)
    }
    let kept = skipsSpecialTokens ? tokens.filter { !decoding.isSpecialText[$0] } : tokens
    if case .byteLevel? = decoder {
      // The common case (GPT-2, Llama 3, Qwen2): each token's bytes, prepared at load.
      var bytes: [UInt8] = []
      bytes.reserveCapacity(kept.count * 4)
      for id in kept { bytes.append(contentsOf: decoding.byteLevel(id)) }
      return String(decoding: bytes, as: UTF8.self)
    }
    // Llama 2, Mistral: the SentencePiece decoders in one pass, prepared at load.
    if decoding.plan != nil { return decoding.decodeSentencePiece(kept) }
    let texts = kept.map {
      String(decoding: decoding.text(of: $0), as: UTF8.self).unicodeScalars.map(\.value)
    }
    var bytes: [UInt8] = []
    guard let decoder else {
      for (index, token) in texts.enumerated() {
        if index > 0 { bytes.append(0x20) }
        token.withUnsafeBufferPointer { appendUTF8($0, to: &bytes) }
      }
      return String(decoding: bytes, as: UTF8.self)
    }
    for token in try decoder.decode(texts, tables: tables) {
      token.withUnsafeBufferPointer { appendUTF8($0, to: &bytes) }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The bytes token `id` contributes to a decoded text, or nil for an id no token has.
  ///
  /// A byte-level token's bytes, a SentencePiece token's text with `▁` as a space or its
  /// `<0xHH>` byte: what a constraint over the vocabulary matches (one token may end inside a
  /// character).
  public func tokenBytes(_ id: Int) -> [UInt8]? {
    decoding.contains(id) ? Array(decoding.contribution(id)) : nil
  }

  /// The text of token `id` as the file writes it (byte-level tokens in their alphabet), or
  /// nil for an id no token has.
  public func tokenText(_ id: Int) -> String? {
    decoding.contains(id) ? String(decoding: decoding.text(of: id), as: UTF8.self) : nil
  }

  /// The id of the token whose text (as the file writes it) is `text`, or nil.
  public func id(ofToken text: String) -> Int? {
    let scalars = text.unicodeScalars.map(\.value)
    if let added = addedVocabulary.tokens.first(where: { $0.content == scalars }) {
      return Int(added.id)
    }
    return model.vocabulary.value(for: Array(text.utf8)).map(Int.init)
  }

  /// The text of `tokens`, or `nil` while their bytes end inside a UTF-8 character.
  ///
  /// - Throws: ``TokenizerError/unknownToken(_:vocabularySize:)`` for an id no token has.
  public func streamingText(of tokens: [Int]) throws -> String? {
    var tail: [UInt8] = []
    for id in tokens.reversed() {
      guard let bytes = tokenBytes(id) else {
        throw TokenizerError.unknownToken(id, vocabularySize: vocabularySize)
      }
      tail.insert(contentsOf: bytes, at: 0)
      if tail.count >= 4 { break }
    }
    // A character's first byte is not 10xxxxxx; a text ends inside one when its last lead
    // byte announces more continuation bytes than follow it.
    if let lead = tail.lastIndex(where: { $0 & 0xC0 != 0x80 }) {
      let byte = tail[lead]
      let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
      if tail.count - lead < length { return nil }
    }
    return try decode(tokens)
  }

  /// Whether `id` is a special added token.
  public func isSpecialToken(_ id: Int) -> Bool {
    guard id >= 0, id <= Int(Int32.max), let index = addedByID[Int32(id)] else { return false }
    return addedVocabulary.tokens[index].isSpecial
  }
}
