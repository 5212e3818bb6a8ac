import Foundation

/// The Unicode facts a `tokenizer.json` pipeline needs, read once from the bundled
/// `unicode-tables.txt`.
///
/// The file is generated from Hugging Face `tokenizers` itself by
/// `tools/tokenizers/make_unicode_tables.py`, so each fact is the one that package uses:
/// Oniguruma's classes (`\p{L}`, `\s`, …) for pre-tokenizer patterns, the `regex` crate's `\w`
/// and `\s` for added tokens, Rust's `char::is_numeric` for `Digits`, and the decompositions,
/// combining classes and compositions of its NFC/NFKC normalizers.
struct UnicodeTables: Sendable {
  /// One bit per property, as the table file numbers them.
  struct Property: OptionSet, Sendable {
    let rawValue: UInt16
    static let letter = Property(rawValue: 1)
    static let number = Property(rawValue: 2)
    static let mark = Property(rawValue: 4)
    static let punctuation = Property(rawValue: 8)
    static let symbol = Property(rawValue: 16)
    static let separator = Property(rawValue: 32)
    static let space = Property(rawValue: 64)
    static let digit = Property(rawValue: 128)
    static let word = Property(rawValue: 256)
    static let numeric = Property(rawValue: 512)
    static let uppercaseLetter = Property(rawValue: 1024)
    static let lowercaseLetter = Property(rawValue: 2048)
    static let other = Property(rawValue: 4096)
    /// `\w` of the `regex` crate (added tokens' `single_word`).
    static let addedTokenWord = Property(rawValue: 8192)
    /// `\s` of the `regex` crate (added tokens' `lstrip` and `rstrip`).
    static let addedTokenSpace = Property(rawValue: 16384)
  }

  /// Property masks by blocks of 256 scalars: `blocks[scalar >> 8]` is the offset of the
  /// block's 256 masks in `masks` (blocks that repeat are stored once).
  private var blocks: [Int32] = []
  private var masks: [UInt16] = []
  /// Full canonical decompositions (`NFD` of one scalar), as ranges of `pool`.
  private var canonical: [UInt32: Range<Int32>] = [:]
  /// Full compatibility decompositions (`NFKD`) where they differ from the canonical one.
  private var compatibility: [UInt32: Range<Int32>] = [:]
  private var pool: [UInt32] = []
  /// Canonical combining classes that are not 0.
  private var classes: [UInt32: UInt8] = [:]
  /// Canonical compositions, keyed by `first << 32 | second`.
  private var compositions: [UInt64: UInt32] = [:]
  /// The scalars `(?i:letter)` matches, for each ASCII letter.
  private(set) var caseFolds: [UInt32: [UInt32]] = [:]

  /// The tables, loaded on first use.
  static let shared: Result<UnicodeTables, TokenizerError> = {
    guard let url = Bundle.module.url(forResource: "unicode-tables", withExtension: "txt"),
      let data = try? Data(contentsOf: url)
    else {
      return .failure(.resourceMissing("unicode-tables.txt"))
    }
    return Result { try UnicodeTables(text: Array(data)) }.mapError {
      $0 as? TokenizerError ?? .resourceMissing("unicode-tables.txt")
    }
  }()

  /// The loaded tables, or the error that the bundled file is missing or damaged.
  static func load() throws(TokenizerError) -> UnicodeTables { try shared.get() }

  init(text: [UInt8]) throws(TokenizerError) {
    var runs: [(UInt32, UInt16)] = []
    var fields: [UInt32] = []
    var lineStart = 0
    func damaged() -> TokenizerError { .resourceMissing("unicode-tables.txt (damaged)") }
    while lineStart < text.count {
      var end = lineStart
      while end < text.count, text[end] != 0x0A { end += 1 }
      defer { lineStart = end + 1 }
      guard end > lineStart, text[lineStart] != UInt8(ascii: "#") else { continue }
      let kind = text[lineStart]
      fields.removeAll(keepingCapacity: true)
      var value: UInt32 = 0
      var digits = 0
      for index in (lineStart + 2)...end {
        let byte = index < end ? text[index] : 0x20
        if byte == 0x20 {
          if digits > 0 { fields.append(value) }
          value = 0
          digits = 0
          continue
        }
        let digit: UInt32
        switch byte {
        case 0x30...0x39: digit = UInt32(byte - 0x30)
        case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
        default: throw damaged()
        }
        value = value * (fields.count == 1 && kind == UInt8(ascii: "C") ? 10 : 16) + digit
        digits += 1
      }
      switch kind {
      case UInt8(ascii: "R"):
        guard fields.count == 2 else { throw damaged() }
        runs.append((fields[0], UInt16(truncatingIfNeeded: fields[1])))
      case UInt8(ascii: "D"), UInt8(ascii: "K"):
        guard fields.count >= 2 else { throw damaged() }
        let start = Int32(pool.count)
        pool.append(contentsOf: fields[1...])
        let range = start..<Int32(pool.count)
        if kind == UInt8(ascii: "D") {
          canonical[fields[0]] = range
        } else {
          compatibility[fields[0]] = range
        }
      case UInt8(ascii: "C"):
        guard fields.count == 2, fields[1] < 256 else { throw damaged() }
        classes[fields[0]] = UInt8(fields[1])
      case UInt8(ascii: "P"):
        guard fields.count == 3 else { throw damaged() }
        compositions[UInt64(fields[0]) << 32 | UInt64(fields[1])] = fields[2]
      case UInt8(ascii: "F"):
        guard fields.count >= 2 else { throw damaged() }
        caseFolds[fields[0]] = Array(fields[1...])
      default: throw damaged()
      }
    }
    guard runs.first?.0 == 0 else { throw damaged() }
    // Expand the runs into blocks of 256, sharing blocks that repeat.
    var unique: [[UInt16]: Int32] = [:]
    var block = [UInt16](repeating: 0, count: 256)
    var run = 0
    for blockIndex in 0..<0x1100 {
      for offset in 0..<256 {
        let scalar = UInt32(blockIndex << 8 | offset)
        while run + 1 < runs.count, runs[run + 1].0 <= scalar { run += 1 }
        block[offset] = runs[run].1
      }
      if let known = unique[block] {
        blocks.append(known)
      } else {
        let start = Int32(masks.count)
        masks.append(contentsOf: block)
        unique[block] = start
        blocks.append(start)
      }
    }
  }

  /// The properties of `scalar`.
  ///
  /// - Complexity: O(1).
  @inline(__always)
  func properties(_ scalar: UInt32) -> Property {
    guard scalar < 0x110000 else { return [] }
    return Property(rawValue: masks[Int(blocks[Int(scalar >> 8)]) + Int(scalar & 0xFF)])
  }

  /// The canonical combining class of `scalar` (0 for starters).
  @inline(__always)
  func combiningClass(_ scalar: UInt32) -> UInt8 {
    scalar < 0x300 ? 0 : classes[scalar] ?? 0
  }

  /// Appends the full decomposition of `scalar` (canonical, or compatibility when
  /// `compatible`) to `output`, or `scalar` itself.
  func appendDecomposition(of scalar: UInt32, compatible: Bool, to output: inout [UInt32]) -> Int {
    if let range = (compatible ? compatibility[scalar] : nil) ?? canonical[scalar] {
      output.append(contentsOf: pool[Int(range.lowerBound)..<Int(range.upperBound)])
      return range.count
    }
    output.append(scalar)
    return 1
  }

  /// The canonical composition of `first` and `second`, or `nil`.
  func composition(_ first: UInt32, _ second: UInt32) -> UInt32? {
    compositions[UInt64(first) << 32 | UInt64(second)]
  }
}
