import Foundation
import KelvinIO
import KelvinSampling
import KelvinTokenizers

/// Reads a vocabulary for a constraint from a file: a Hugging Face `tokenizer.json`, or a
/// JSON array of token strings (id = position).
///
/// A `tokenizer.json`'s `model.vocab` maps each token to its id. With a byte-level
/// pre-tokenizer or decoder (GPT-2, Llama 3, Qwen: `"type": "ByteLevel"`), each character of a
/// token stands for one byte through GPT-2's `bytes_to_unicode` table, so tokens may be
/// fragments of UTF-8 characters. Otherwise a token is its UTF-8 text with SentencePiece's
/// `▁` read as a space and byte-fallback tokens `<0xHH>` as the byte. Special added tokens
/// (`added_tokens` with `"special": true`) spell nothing and are never allowed, except the one
/// named as end of sequence. Ids that no token uses spell nothing.
public enum VocabularyFile {
  /// Reads the vocabulary in `bytes`.
  ///
  /// - Parameters:
  ///   - endOfSequence: The token (its text, as in the file) that ends a sequence, or `nil`.
  /// - Throws: ``KelvinIOError`` (malformed) for JSON that is neither form, an id outside
  ///   0 ..< ``TokenVocabulary/maximumSize``, an id used twice, a byte-level token with a
  ///   character outside the byte table, or an end-of-sequence token that is not in the file.
  public static func read(json bytes: [UInt8], path: String, endOfSequence: String? = nil)
    throws -> TokenVocabulary
  {
    let root: JSONNode
    do {
      root = try JSONParser.parse(bytes, compactsNumbers: false)
    } catch let error as JSONParser.SyntaxError {
      throw KelvinIOError.malformed(path, error.description)
    }
    var texts: [String?]
    var decode: (String) throws -> [UInt8] = { Array($0.utf8) }
    var special = Set<String>()
    if let list = root.elements {
      texts = try list.enumerated().map { index, node in
        guard case .string(let text) = node else {
          throw KelvinIOError.malformed(path, "token \(index) is not a string")
        }
        return text
      }
    } else if case .object(let entries)? = root["model"]?["vocab"] {
      guard entries.count <= TokenVocabulary.maximumSize else {
        throw KelvinIOError.malformed(
          path, "\(entries.count) tokens exceed the limit of \(TokenVocabulary.maximumSize)")
      }
      var byID: [Int: String] = [:]
      for (text, node) in entries {
        guard let id = node.exactNonNegativeInteger, id < TokenVocabulary.maximumSize else {
          throw KelvinIOError.malformed(
            path,
            "model.vocab: the id of \(text.debugDescription) is not a whole number below \(TokenVocabulary.maximumSize)"
          )
        }
        if byID[id] != nil {
          throw KelvinIOError.malformed(path, "model.vocab: id \(id) is used twice")
        }
        byID[id] = text
      }
      for node in root["added_tokens"]?.elements ?? [] {
        if case .string(let text)? = node["content"], case .bool(true)? = node["special"] {
          special.insert(text)
        }
        if case .string(let text)? = node["content"], let id = node["id"]?.exactNonNegativeInteger,
          id < TokenVocabulary.maximumSize, byID[id] == nil
        {
          byID[id] = text
        }
      }
      let count = (byID.keys.max() ?? -1) + 1
      texts = (0..<count).map { byID[$0] }
      if isByteLevel(root) {
        decode = { text in
          try text.unicodeScalars.map { scalar in
            guard let byte = ByteLevelAlphabet.byte(of: scalar.value) else {
              throw KelvinIOError.malformed(
                path,
                "token \(text.debugDescription) has \(scalar.escaped(asASCII: true)), outside the byte-level table"
              )
            }
            return byte
          }
        }
      } else {
        decode = { text in
          if text.count == 6, text.hasPrefix("<0x"), text.hasSuffix(">"),
            let byte = UInt8(text.dropFirst(3).dropLast(), radix: 16)
          {
            return [byte]
          }
          return Array(text.replacingOccurrences(of: "▁", with: " ").utf8)
        }
      }
    } else {
      throw KelvinIOError.malformed(
        path, "a vocabulary is a tokenizer.json (with model.vocab) or a JSON array of token strings"
      )
    }
    var end: Int?
    if let endOfSequence {
      guard let index = texts.firstIndex(of: endOfSequence) else {
        throw KelvinIOError.malformed(
          path,
          "the end-of-sequence token \(endOfSequence.debugDescription) is not in the vocabulary")
      }
      end = index
    }
    let tokens = try texts.enumerated().map { id, text -> [UInt8] in
      guard let text, id != end, !special.contains(text) else { return [] }
      return try decode(text)
    }
    do {
      return try TokenVocabulary(tokens: tokens, endOfSequence: end)
    } catch {
      throw KelvinIOError.malformed(path, "\(error)")
    }
  }

  static func isByteLevel(_ root: JSONNode) -> Bool {
    func mentions(_ node: JSONNode?) -> Bool {
      guard let node else { return false }
      if case .string("ByteLevel")? = node["type"] { return true }
      for key in ["pretokenizers", "decoders"] {
        if let list = node[key]?.elements, list.contains(where: { mentions($0) }) { return true }
      }
      return false
    }
    return mentions(root["pre_tokenizer"]) || mentions(root["decoder"])
  }
}
