import KelvinIO

/// A JSON node of a `tokenizer.json` with its path in the file, for reading a component's
/// fields with errors that say where (`pre_tokenizer.pretokenizers[1].behavior`).
struct ConfigurationNode {
  let node: JSONNode
  let path: String
  let file: String

  func malformed(_ message: String) -> TokenizerError {
    .malformed(file: file, at: path, message)
  }

  func child(_ key: String) -> ConfigurationNode? {
    guard let value = node[key], value != .null else { return nil }
    return ConfigurationNode(node: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
  }

  func required(_ key: String) throws(TokenizerError) -> ConfigurationNode {
    guard let value = child(key) else { throw malformed("the field \"\(key)\" is missing") }
    return value
  }

  var type: String? {
    if case .string(let type)? = node["type"] { return type }
    return nil
  }

  func string(_ key: String) throws(TokenizerError) -> String {
    let value = try required(key)
    guard case .string(let text) = value.node else {
      throw value.malformed("expected a string, got \(value.node.kindName)")
    }
    return text
  }

  func optionalString(_ key: String) throws(TokenizerError) -> String? {
    guard child(key) != nil else { return nil }
    return try string(key)
  }

  func bool(_ key: String, default fallback: Bool? = nil) throws(TokenizerError) -> Bool {
    guard let value = child(key) else {
      if let fallback { return fallback }
      throw malformed("the field \"\(key)\" is missing")
    }
    guard case .bool(let flag) = value.node else {
      throw value.malformed("expected true or false, got \(value.node.kindName)")
    }
    return flag
  }

  func integer(_ key: String, below limit: Int) throws(TokenizerError) -> Int {
    try required(key).integer(below: limit)
  }

  func integer(below limit: Int) throws(TokenizerError) -> Int {
    guard let value = node.exactNonNegativeInteger, value < limit else {
      throw malformed("expected a whole number from 0 to \(limit - 1), got \(describe(node))")
    }
    return value
  }

  func elements() throws(TokenizerError) -> [ConfigurationNode] {
    guard let list = node.elements else {
      throw malformed("expected an array, got \(node.kindName)")
    }
    return list.enumerated().map {
      ConfigurationNode(node: $1, path: "\(path)[\($0)]", file: file)
    }
  }

  /// A single scalar (`Metaspace`'s replacement, `Strip`'s content).
  func scalar(_ key: String) throws(TokenizerError) -> UInt32 {
    let text = try string(key)
    guard text.unicodeScalars.count == 1, let scalar = text.unicodeScalars.first else {
      throw try required(key).malformed("expected one character, got \(text.debugDescription)")
    }
    return scalar.value
  }

  private func describe(_ node: JSONNode) -> String {
    switch node {
    case .number(_, let text): return text
    case .string(let text): return text.debugDescription
    default: return node.kindName
    }
  }
}
