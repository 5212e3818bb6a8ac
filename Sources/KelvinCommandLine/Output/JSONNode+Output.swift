import Kelvin

extension JSONNode {
  /// Writes the serialisation to `output` as it is produced, a block at a time, so a document
  /// with millions of numbers never exists whole as a string.
  ///
  /// - Throws: ``CommandError`` (74) when the output refuses the bytes.
  public func write(to output: CommandOutput) throws {
    var text = ""
    text.reserveCapacity(1 << 16)
    try write(to: &text) { pending in
      try output.write(pending)
      pending.removeAll(keepingCapacity: true)
    }
    try output.write(text)
  }
}
