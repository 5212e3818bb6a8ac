import Foundation
import KelvinIO

@testable import KelvinTokenizers

/// The fixtures written by `tools/tokenizers/make_fixtures.py` with Hugging Face
/// `tokenizers` 0.23.3 (see that script for what each holds).
enum FixtureData {
  static let names = ["gpt2", "llama3", "qwen2", "llama2", "mistral", "digits", "metaspace"]

  static func url(_ path: String) throws -> URL {
    guard let base = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
      throw TokenizerError.resourceMissing("Fixtures")
    }
    return base.appendingPathComponent(path)
  }

  static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: url(path))) }

  static func tokenizer(_ name: String) throws -> HuggingFaceTokenizer {
    try HuggingFaceTokenizer(json: bytes("tokenizers/\(name).json"), file: "\(name).json")
  }

  /// The test strings, then the 1 MB string.
  static let strings: [String] = {
    guard let data = try? bytes("strings.json"),
      case .array(let nodes)? = try? JSONParser.parse(data)
    else { return [] }
    var strings = nodes.compactMap { node -> String? in
      if case .string(let text) = node { return text }
      return nil
    }
    strings.append(bigString)
    return strings
  }()

  /// corpus.txt then heldout.txt, repeated and cut at the last character boundary at or below
  /// 1,048,576 bytes (as the fixture script builds it).
  static let bigString: String = {
    let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Sources/KelvinDecoding/Resources")
    guard let corpus = try? Data(contentsOf: resources.appendingPathComponent("corpus.txt")),
      let heldout = try? Data(contentsOf: resources.appendingPathComponent("heldout.txt"))
    else { return "" }
    let unit = Array(corpus) + Array(heldout)
    var data: [UInt8] = []
    while data.count < 1 << 20 { data += unit }
    data.removeLast(data.count - (1 << 20))
    while String(validating: data, as: UTF8.self) == nil { data.removeLast() }
    return String(decoding: data, as: UTF8.self)
  }()

  /// One expected line: ids in mode A (specials as text, no template) and B (specials parsed,
  /// template added) as (count, FNV-1a 32 of little-endian u32 ids), and the decode check.
  struct Expected {
    var countA: Int
    var hashA: UInt32
    var countB: Int
    var hashB: UInt32
    /// nil: decode(idsA) gives the string back; else the FNV-1a 32 of the decoded UTF-8.
    var decodedHash: UInt32?
  }

  static func expected(_ name: String) throws -> [Expected] {
    let text = String(decoding: try bytes("expected/\(name).txt"), as: UTF8.self)
    return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
      let fields = line.split(separator: " ")
      guard fields.count == 5, let countA = Int(fields[0]),
        let hashA = UInt32(fields[1], radix: 16),
        let countB = Int(fields[2]), let hashB = UInt32(fields[3], radix: 16)
      else { return nil }
      return Expected(
        countA: countA, hashA: hashA, countB: countB, hashB: hashB,
        decodedHash: fields[4] == "=" ? nil : UInt32(fields[4], radix: 16))
    }
  }

  static func fnv<S: Sequence>(_ bytes: S) -> UInt32 where S.Element == UInt8 {
    var hash: UInt32 = 0x811C_9DC5
    for byte in bytes { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
    return hash
  }

  static func idsHash(_ ids: [Int]) -> UInt32 {
    fnv(ids.flatMap { id in (0..<4).map { UInt8(truncatingIfNeeded: UInt32(id) >> (8 * $0)) } })
  }
}
