/// One decoder of a `tokenizer.json` (`decoders/*.rs` of `tokenizers`): it turns the texts of
/// tokens into other texts, and the results are joined.
enum TokenDecoder: Sendable {
  /// `ByteLevel`: each token's scalars as the bytes they stand for (a token with a scalar
  /// outside the alphabet as its own UTF-8), all joined and read as UTF-8 with U+FFFD for
  /// invalid sequences.
  case byteLevel
  /// `Metaspace`: the replacement becomes a space, except in the first token when the scheme
  /// prepends (there it is dropped).
  case metaspace(replacement: UInt32, scheme: PrependScheme)
  /// `ByteFallback`: runs of `<0xHH>` tokens become their bytes' text, or one U+FFFD per byte
  /// when those bytes are not UTF-8.
  case byteFallback
  /// `Fuse`: all tokens joined into one.
  case fuse
  /// `Strip`: up to `start` leading and `stop` trailing `content` scalars removed.
  case strip(content: UInt32, start: Int, stop: Int)
  /// `Replace`: each match of the pattern by the content.
  case replace(ScalarPattern, [UInt32])
  /// `Sequence`: each in turn.
  case sequence([TokenDecoder])

  /// The decoded tokens (still to be joined).
  func decode(_ tokens: [[UInt32]], tables: UnicodeTables) throws(TokenizerError) -> [[UInt32]] {
    switch self {
    case .byteLevel:
      var bytes: [UInt8] = []
      for token in tokens { ByteLevelAlphabet.appendBytes(of: token, to: &bytes) }
      return [String(decoding: bytes, as: UTF8.self).unicodeScalars.map(\.value)]
    case .metaspace(let replacement, let scheme):
      return tokens.enumerated().map { index, token in
        token.compactMap { scalar in
          guard scalar == replacement else { return scalar }
          return index == 0 && scheme != .never ? nil : 0x20
        }
      }
    case .byteFallback:
      var output: [[UInt32]] = []
      var pending: [UInt8] = []
      func flush() {
        guard !pending.isEmpty else { return }
        if let text = String(validating: pending, as: UTF8.self) {
          output.append(text.unicodeScalars.map(\.value))
        } else {
          for _ in pending { output.append([0xFFFD]) }
        }
        pending.removeAll()
      }
      for token in tokens {
        if let byte = Self.fallbackByte(token) {
          pending.append(byte)
        } else {
          flush()
          output.append(token)
        }
      }
      flush()
      return output
    case .fuse: return [tokens.flatMap { $0 }]
    case .strip:
      return tokens.map(decodeStrip)
    case .replace(let pattern, let content):
      var scratch = ScalarPattern.Scratch()
      return try tokens.map { token throws(TokenizerError) in
        let matches = try token.withUnsafeBufferPointer { buffer throws(TokenizerError) in
          try pattern.matches(in: buffer, scratch: &scratch)
        }
        var output: [UInt32] = []
        var position = 0
        for match in matches {
          output.append(contentsOf: token[position..<match.lowerBound])
          output.append(contentsOf: content)
          position = match.upperBound
        }
        output.append(contentsOf: token[position...])
        return output
      }
    case .sequence(let steps):
      var current = tokens
      for step in steps { current = try step.decode(current, tables: tables) }
      return current
    }
  }

  /// `Strip` of one token: up to `start` leading and `stop` trailing `content` scalars off
  /// (the identity for other decoders).
  func decodeStrip(_ token: [UInt32]) -> [UInt32] {
    guard case .strip(let content, let start, let stop) = self else { return token }
    var startCut = 0
    for index in 0..<min(start, token.count) {
      guard token[index] == content else { break }
      startCut = index + 1
    }
    var stopCut = token.count
    for offset in 0..<min(stop, token.count) {
      let index = token.count - offset - 1
      guard token[index] == content else { break }
      stopCut = index
    }
    return startCut < stopCut ? Array(token[startCut..<stopCut]) : []
  }

  /// The byte of a `<0xHH>` token (six bytes; the two after `<0x` read as Rust's
  /// `u8::from_str_radix(…, 16)` reads them, a leading `+` included), or nil.
  static func fallbackByte(_ token: [UInt32]) -> UInt8? {
    guard token.count == 6, token.allSatisfy({ $0 < 0x80 }), token[0] == 0x3C, token[1] == 0x30,
      token[2] == 0x78,
      token[5] == 0x3E
    else { return nil }
    var text = String()
    text.unicodeScalars.append(contentsOf: token[3...4].compactMap(Unicode.Scalar.init))
    if text.hasPrefix("-") { return nil }
    return UInt8(text, radix: 16)
  }
}
