/// One normalizer of a `tokenizer.json` (`normalizers/*.rs` of `tokenizers`), applied to a
/// segment of text as scalars, each carrying the index of the input scalar it came from.
enum TextNormalizer: Sendable {
  /// A Unicode normalization form.
  case unicode(UnicodeNormalization)
  /// `Prepend`: the text before a non-empty segment.
  case prepend([UInt32])
  /// `Replace`: every match of the pattern (a literal or a regex) by the content.
  case replace(ScalarPattern, [UInt32])
  /// `Strip`: white space (`char::is_whitespace`) off the left and/or right end.
  case strip(left: Bool, right: Bool)
  /// `Sequence`: each in turn.
  case sequence([TextNormalizer])

  /// Normalizes `text` in place, keeping `origins` aligned.
  func apply(
    to text: inout [UInt32], origins: inout [Int32], tables: UnicodeTables,
    scratch: inout ScalarPattern.Scratch
  ) throws(TokenizerError) {
    switch self {
    case .unicode(let form): form.apply(to: &text, origins: &origins, tables: tables)
    case .prepend(let prefix):
      guard let origin = origins.first else { return }
      text.insert(contentsOf: prefix, at: 0)
      origins.insert(contentsOf: repeatElement(origin, count: prefix.count), at: 0)
    case .replace(let pattern, let content):
      let matches = try text.withUnsafeBufferPointer { buffer throws(TokenizerError) in
        try pattern.matches(in: buffer, scratch: &scratch)
      }
      guard !matches.isEmpty else { return }
      var scalars: [UInt32] = []
      var from: [Int32] = []
      scalars.reserveCapacity(text.count)
      from.reserveCapacity(text.count)
      var position = 0
      for match in matches {
        scalars.append(contentsOf: text[position..<match.lowerBound])
        from.append(contentsOf: origins[position..<match.lowerBound])
        let origin =
          match.lowerBound < origins.count
          ? origins[match.lowerBound] : origins.last.map { $0 + 1 } ?? 0
        scalars.append(contentsOf: content)
        from.append(contentsOf: repeatElement(origin, count: content.count))
        position = match.upperBound
      }
      scalars.append(contentsOf: text[position...])
      from.append(contentsOf: origins[position...])
      text = scalars
      origins = from
    case .strip(let left, let right):
      var start = 0
      var end = text.count
      if left {
        while start < end, tables.properties(text[start]).contains(.addedTokenSpace) { start += 1 }
      }
      if right {
        while end > start, tables.properties(text[end - 1]).contains(.addedTokenSpace) { end -= 1 }
      }
      if start > 0 || end < text.count {
        text = Array(text[start..<end])
        origins = Array(origins[start..<end])
      }
    case .sequence(let steps):
      for step in steps {
        try step.apply(to: &text, origins: &origins, tables: tables, scratch: &scratch)
      }
    }
  }
}
