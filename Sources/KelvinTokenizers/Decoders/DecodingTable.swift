/// The text of every token id, prepared once when a tokenizer is read, so that decoding
/// copies bytes instead of building strings.
struct DecodingTable: Sendable {
  /// The UTF-8 text of each id (an added token's as `decode` shows it), back to back.
  private var texts: [UInt8] = []
  private var textStarts: [Int32] = [0]
  /// Each id's bytes under the byte-level decoder (empty when there is none).
  private var bytes: [UInt8] = []
  private var byteStarts: [Int32] = []
  /// For a SentencePiece decoder (``SentencePiecePlan``): each id's byte as a `<0xHH>`
  /// token (-1 when it is none) and its text with the replacement mapped.
  private var fallbackBytes: [Int16] = []
  private var mapped: [UInt8] = []
  private var mappedStarts: [Int32] = []
  /// The SentencePiece decoding this table was prepared for, if any.
  let plan: SentencePiecePlan?
  /// Whether each id has a token.
  private var known: [Bool] = []
  /// Whether each id's text is that of a special token (`decode` may skip it).
  private(set) var isSpecialText: [Bool] = []

  /// The table of `count` ids; `text(id)` gives an id's UTF-8 text or nil.
  init(
    count: Int, byteLevel: Bool, plan: SentencePiecePlan?, specialTexts: Set<[UInt8]>,
    text: (Int) -> ArraySlice<UInt8>?
  ) {
    self.plan = plan
    if plan != nil {
      mappedStarts.reserveCapacity(count + 1)
      mappedStarts.append(0)
      fallbackBytes.reserveCapacity(count)
    }
    known.reserveCapacity(count)
    isSpecialText.reserveCapacity(count)
    textStarts.reserveCapacity(count + 1)
    if byteLevel {
      byteStarts.reserveCapacity(count + 1)
      byteStarts.append(0)
    }
    for id in 0..<count {
      let token = text(id)
      known.append(token != nil)
      let utf8 = token ?? []
      texts.append(contentsOf: utf8)
      textStarts.append(Int32(texts.count))
      isSpecialText.append(!specialTexts.isEmpty && specialTexts.contains(Array(utf8)))
      if byteLevel {
        ByteLevelAlphabet.appendBytes(
          of: String(decoding: utf8, as: UTF8.self).unicodeScalars.map(\.value), to: &bytes)
        byteStarts.append(Int32(bytes.count))
      }
      if let plan {
        let scalars = String(decoding: utf8, as: UTF8.self).unicodeScalars.map(\.value)
        fallbackBytes.append(
          plan.byteFallback ? TokenDecoder.fallbackByte(scalars).map(Int16.init) ?? -1 : -1)
        var replaced: [UInt32] = []
        for scalar in scalars {
          if scalar == plan.replacement {
            replaced.append(contentsOf: plan.content)
          } else {
            replaced.append(scalar)
          }
        }
        replaced.withUnsafeBufferPointer { appendUTF8($0, to: &mapped) }
        mappedStarts.append(Int32(mapped.count))
      }
    }
  }

  /// The text of `ids` under the SentencePiece plan (which must be set), as `tokenizers`
  /// decodes it: replacement mapped (dropped in the first token when the plan says so), runs
  /// of `<0xHH>` tokens as their bytes (one U+FFFD per byte when not UTF-8), joined, stripped.
  func decodeSentencePiece(_ ids: [Int]) -> String {
    guard let plan else { return "" }
    var output: [UInt8] = []
    output.reserveCapacity(ids.count * 4)
    var pending: [UInt8] = []
    func flush() {
      guard !pending.isEmpty else { return }
      if String(validating: pending, as: UTF8.self) != nil {
        output.append(contentsOf: pending)
      } else {
        for _ in pending { output.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
      }
      pending.removeAll(keepingCapacity: true)
    }
    for (index, id) in ids.enumerated() {
      let byte = fallbackBytes[id]
      if byte >= 0 {
        pending.append(UInt8(byte))
        continue
      }
      flush()
      if index == 0, plan.dropsReplacementInFirstToken {
        let scalars = String(decoding: text(of: id), as: UTF8.self).unicodeScalars.map(\.value)
          .filter { $0 != plan.replacement }
        scalars.withUnsafeBufferPointer { appendUTF8($0, to: &output) }
      } else {
        output.append(contentsOf: mapped[Int(mappedStarts[id])..<Int(mappedStarts[id + 1])])
      }
    }
    flush()
    guard let strip = plan.strip else { return String(decoding: output, as: UTF8.self) }
    if strip.content < 0x80 {
      // An ASCII scalar is one byte: strip the bytes.
      let byte = UInt8(strip.content)
      var start = 0
      while start < min(strip.start, output.count), output[start] == byte { start += 1 }
      var end = output.count
      while output.count - end < strip.stop, end > start, output[end - 1] == byte { end -= 1 }
      return String(decoding: output[start..<end], as: UTF8.self)
    }
    let text = String(decoding: output, as: UTF8.self)
    let stripped = TokenDecoder.strip(content: strip.content, start: strip.start, stop: strip.stop)
      .decodeStrip(text.unicodeScalars.map(\.value))
    var view = String.UnicodeScalarView()
    view.append(contentsOf: stripped.compactMap(Unicode.Scalar.init))
    return String(view)
  }

  /// Whether `id` has a token.
  func contains(_ id: Int) -> Bool { id >= 0 && id < known.count && known[id] }

  /// The UTF-8 text of `id` (which must have a token).
  func text(of id: Int) -> ArraySlice<UInt8> {
    texts[Int(textStarts[id])..<Int(textStarts[id + 1])]
  }

  /// The byte-level bytes of `id` (which must have a token).
  func byteLevel(_ id: Int) -> ArraySlice<UInt8> {
    bytes[Int(byteStarts[id])..<Int(byteStarts[id + 1])]
  }

  /// The bytes `id` (which must have a token) contributes to a decoded text: its byte-level
  /// bytes, or under a SentencePiece plan its `<0xHH>` byte or its text with the replacement
  /// mapped, else its UTF-8 text.
  func contribution(_ id: Int) -> ArraySlice<UInt8> {
    if !byteStarts.isEmpty { return byteLevel(id) }
    if plan != nil {
      if fallbackBytes[id] >= 0 { return [UInt8(fallbackBytes[id])] }
      return mapped[Int(mappedStarts[id])..<Int(mappedStarts[id + 1])]
    }
    return text(of: id)
  }
}

/// A decoder of the SentencePiece family, decoded in one pass: `Replace` of one scalar (or
/// `Metaspace`), then optionally `ByteFallback`, then `Fuse`, then optionally `Strip` (Llama 2,
/// TinyLlama, Mistral).
struct SentencePiecePlan: Sendable {
  var replacement: UInt32
  var content: [UInt32]
  var dropsReplacementInFirstToken: Bool
  var byteFallback: Bool
  var strip: (content: UInt32, start: Int, stop: Int)?

  /// The plan of `decoder`, or nil when it is not of this shape.
  init?(_ decoder: TokenDecoder?) {
    var steps: [TokenDecoder]
    switch decoder {
    case .sequence(let list)?: steps = list
    case let single?: steps = [single]
    case nil: return nil
    }
    guard !steps.isEmpty else { return nil }
    switch steps[0] {
    case .replace(let pattern, let content):
      guard let literal = pattern.literalScalars, literal.count == 1 else { return nil }
      replacement = literal[0]
      self.content = content
      dropsReplacementInFirstToken = false
    case .metaspace(let replacement, let scheme):
      self.replacement = replacement
      content = [0x20]
      dropsReplacementInFirstToken = scheme != .never
    default: return nil
    }
    var rest = steps.dropFirst()
    byteFallback = false
    if case .byteFallback? = rest.first {
      byteFallback = true
      rest = rest.dropFirst()
    }
    strip = nil
    // Joining the tokens is what Fuse does, so it matters only before a Strip.
    if case .fuse? = rest.first {
      rest = rest.dropFirst()
      if case .strip(let content, let start, let stop)? = rest.first {
        strip = (content, start, stop)
        rest = rest.dropFirst()
      }
    }
    guard rest.isEmpty else { return nil }
  }
}
