/// GPT-2's `bytes_to_unicode`: each byte as a printable scalar.
///
/// The printable bytes `!`…`~`,
/// `¡`…`¬` and `®`…`ÿ` stand for themselves; the other 68 for U+0100 onwards, in byte order.
public enum ByteLevelAlphabet {
  /// The scalar of each byte.
  public static let scalars: [UInt32] = {
    var table = [UInt32](repeating: 0, count: 256)
    var shifted: UInt32 = 0
    for byte in 0..<256 {
      let printable =
        (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
      table[byte] = printable ? UInt32(byte) : 256 + shifted
      if !printable { shifted += 1 }
    }
    return table
  }()

  /// The byte a scalar stands for, or nil for a scalar outside the alphabet.
  public static func byte(of scalar: UInt32) -> UInt8? {
    if scalar < 256, scalars[Int(scalar)] == scalar { return UInt8(scalar) }
    guard scalar >= 256, scalar < 256 + 68 else { return nil }
    return bytesOfShifted[Int(scalar - 256)]
  }

  private static let bytesOfShifted: [UInt8] = {
    var table = [UInt8](repeating: 0, count: 68)
    for byte in 0..<256 where scalars[byte] >= 256 { table[Int(scalars[byte] - 256)] = UInt8(byte) }
    return table
  }()

  /// Appends the bytes `token`'s scalars stand for, or the token's own UTF-8 when one scalar
  /// is outside the alphabet (as the `ByteLevel` decoder of `tokenizers` does per token).
  static func appendBytes(of token: [UInt32], to bytes: inout [UInt8]) {
    let start = bytes.count
    for scalar in token {
      guard let byte = byte(of: scalar) else {
        bytes.removeLast(bytes.count - start)
        token.withUnsafeBufferPointer { appendUTF8($0, to: &bytes) }
        return
      }
      bytes.append(byte)
    }
  }
}
