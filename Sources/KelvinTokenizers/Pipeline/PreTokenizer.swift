/// How a split treats the matches of its pattern (`SplitDelimiterBehavior`).
enum SplitBehavior: String, Sendable {
  /// Matches are dropped.
  case removed = "Removed"
  /// Matches are pieces of their own.
  case isolated = "Isolated"
  /// A match joins the piece before it.
  case mergedWithPrevious = "MergedWithPrevious"
  /// A match joins the piece after it.
  case mergedWithNext = "MergedWithNext"
  /// Consecutive matches form one piece.
  case contiguous = "Contiguous"
}

/// When `Metaspace` puts its replacement before a piece.
enum PrependScheme: String, Sendable {
  /// Before every piece that does not begin with it.
  case always
  /// Only before the piece that begins the text.
  case first
  /// Never.
  case never
}

/// One pre-tokenizer of a `tokenizer.json` (`pre_tokenizers/*.rs` of `tokenizers`).
enum PreTokenizer: Sendable {
  /// `Split` on a pattern's matches.
  case split(ScalarPattern, SplitBehavior, inverted: Bool)
  /// `ByteLevel`: a space before each piece that lacks one (optional), GPT-2's pattern
  /// (optional), then every byte of UTF-8 as its ``ByteLevelAlphabet`` scalar.
  case byteLevel(addsPrefixSpace: Bool, pattern: ScalarPattern?)
  /// `Metaspace`: spaces become the replacement, which is prepended by the scheme, and
  /// pieces split before each replacement (optional).
  case metaspace(replacement: UInt32, scheme: PrependScheme, splits: Bool)
  /// `Digits`: numeric scalars (`char::is_numeric`) each alone or in runs.
  case digits(individual: Bool)
  /// `Sequence`: each in turn.
  case sequence([PreTokenizer])

  /// GPT-2's pattern, built into `ByteLevel` (`pre_tokenizers/byte_level.rs`).
  static let gpt2Pattern =
    #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

  /// Cuts the pieces of `buffer` further (`spare` is work space).
  func apply(
    to buffer: inout PieceBuffer, spare: inout PieceBuffer, tables: UnicodeTables,
    scratch: inout ScalarPattern.Scratch
  ) throws(TokenizerError) {
    switch self {
    case .sequence(let steps):
      for step in steps {
        try step.apply(to: &buffer, spare: &spare, tables: tables, scratch: &scratch)
      }
    case .split(let pattern, let behavior, let inverted):
      var pieces: [Range<Int>] = []
      pieces.reserveCapacity(buffer.pieces.count)
      try buffer.scalars.withUnsafeBufferPointer { all throws(TokenizerError) in
        for piece in buffer.pieces {
          let text = UnsafeBufferPointer(rebasing: all[piece])
          let found = try pattern.matches(in: text, scratch: &scratch)
          Self.cut(piece, matches: found, inverted: inverted, behavior: behavior, into: &pieces)
        }
      }
      buffer.pieces = pieces
    case .digits(let individual):
      var pieces: [Range<Int>] = []
      pieces.reserveCapacity(buffer.pieces.count)
      for piece in buffer.pieces {
        var found: [Range<Int>] = []
        for index in piece where tables.properties(buffer.scalars[index]).contains(.numeric) {
          found.append((index - piece.lowerBound)..<(index - piece.lowerBound + 1))
        }
        Self.cut(
          piece, matches: found, inverted: false, behavior: individual ? .isolated : .contiguous,
          into: &pieces)
      }
      buffer.pieces = pieces
    case .byteLevel(let addsPrefixSpace, let pattern):
      if addsPrefixSpace {
        spare.removeAll()
        for piece in buffer.pieces {
          if buffer.scalars[piece.lowerBound] != 0x20 {
            spare.scalars.append(0x20)
            spare.origins.append(buffer.origins[piece.lowerBound])
          }
          let start = spare.scalars.count - (buffer.scalars[piece.lowerBound] != 0x20 ? 1 : 0)
          spare.scalars.append(contentsOf: buffer.scalars[piece])
          spare.origins.append(contentsOf: buffer.origins[piece])
          spare.pieces.append(start..<spare.scalars.count)
        }
        swap(&buffer, &spare)
      }
      if let pattern {
        try PreTokenizer.split(pattern, .isolated, inverted: false).apply(
          to: &buffer, spare: &spare, tables: tables, scratch: &scratch)
      }
      spare.removeAll()
      var bytes: [UInt8] = []
      for piece in buffer.pieces {
        let start = spare.scalars.count
        for index in piece {
          bytes.removeAll(keepingCapacity: true)
          let scalar = buffer.scalars[index]
          if scalar < 0x80 {
            spare.scalars.append(ByteLevelAlphabet.scalars[Int(scalar)])
            spare.origins.append(buffer.origins[index])
            continue
          }
          withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 1) { one in
            one[0] = scalar
            appendUTF8(UnsafeBufferPointer(one), to: &bytes)
          }
          for byte in bytes {
            spare.scalars.append(ByteLevelAlphabet.scalars[Int(byte)])
            spare.origins.append(buffer.origins[index])
          }
        }
        spare.pieces.append(start..<spare.scalars.count)
      }
      swap(&buffer, &spare)
    case .metaspace(let replacement, let scheme, let splits):
      spare.removeAll()
      for piece in buffer.pieces {
        let start = spare.scalars.count
        let first = buffer.scalars[piece.lowerBound]
        let startsWithReplacement = first == 0x20 || first == replacement
        let prepends =
          !startsWithReplacement
          && (scheme == .always || (scheme == .first && buffer.origins[piece.lowerBound] == 0))
        if prepends {
          spare.scalars.append(replacement)
          spare.origins.append(buffer.origins[piece.lowerBound])
        }
        for index in piece {
          let scalar = buffer.scalars[index]
          spare.scalars.append(scalar == 0x20 ? replacement : scalar)
          spare.origins.append(buffer.origins[index])
        }
        let whole = start..<spare.scalars.count
        guard splits else {
          spare.pieces.append(whole)
          continue
        }
        var found: [Range<Int>] = []
        for index in whole where spare.scalars[index] == replacement {
          found.append((index - start)..<(index - start + 1))
        }
        Self.cut(
          whole, matches: found, inverted: false, behavior: .mergedWithNext, into: &spare.pieces)
      }
      swap(&buffer, &spare)
    }
  }

  /// Cuts `piece` at `matches` (ranges relative to the piece, in order) as
  /// `NormalizedString::split` does, appending the non-empty pieces to `pieces`.
  static func cut(
    _ piece: Range<Int>, matches: [Range<Int>], inverted: Bool, behavior: SplitBehavior,
    into pieces: inout [Range<Int>]
  ) {
    let base = piece.lowerBound
    let length = piece.count
    // Cover the piece with (range, is a match), as `Pattern::find_matches` does.
    var marked: [(Range<Int>, Bool)] = []
    var previous = 0
    for match in matches {
      if previous != match.lowerBound { marked.append((previous..<match.lowerBound, false)) }
      marked.append((match, true))
      previous = match.upperBound
    }
    if previous != length { marked.append((previous..<length, false)) }
    if length == 0 { marked = [(0..<0, false)] }
    if inverted { marked = marked.map { ($0.0, !$0.1) } }
    // Then (range, removed), by the behaviour.
    var kept: [(Range<Int>, Bool)] = []
    switch behavior {
    case .isolated: kept = marked.map { ($0.0, false) }
    case .removed: kept = marked
    case .contiguous:
      var previousMatch = false
      for (range, isMatch) in marked {
        if isMatch == previousMatch, let last = kept.last {
          kept[kept.count - 1] = (last.0.lowerBound..<range.upperBound, false)
        } else {
          kept.append((range, false))
        }
        previousMatch = isMatch
      }
    case .mergedWithPrevious:
      var previousMatch = false
      for (range, isMatch) in marked {
        if isMatch, !previousMatch, let last = kept.last {
          kept[kept.count - 1] = (last.0.lowerBound..<range.upperBound, false)
        } else {
          kept.append((range, false))
        }
        previousMatch = isMatch
      }
    case .mergedWithNext:
      var previousMatch = false
      for (range, isMatch) in marked.reversed() {
        if isMatch, !previousMatch, let last = kept.last {
          kept[kept.count - 1] = (range.lowerBound..<last.0.upperBound, false)
        } else {
          kept.append((range, false))
        }
        previousMatch = isMatch
      }
      kept.reverse()
    }
    for (range, removed) in kept where !removed && !range.isEmpty {
      pieces.append((base + range.lowerBound)..<(base + range.upperBound))
    }
  }
}
