/// Conversions between the 16-bit float formats and `Float`/`Double`, written out bit by bit
/// so that they behave identically on every platform (Swift's `Float16` is missing on some).
///
/// Widening (half → float, bfloat16 → float) is exact, NaN stays NaN and infinities stay
/// infinite. Narrowing to half rounds to nearest, ties to even, directly from `Double` (no
/// double rounding through `Float`), overflows to infinity and produces subnormals.
public enum HalfPrecision {
  /// The `Float` value of IEEE binary16 bits (exact).
  @inlinable
  public static func float(fromHalf bits: UInt16) -> Float {
    let sign = UInt32(bits & 0x8000) << 16
    let exponent = UInt32(bits >> 10) & 0x1F
    let mantissa = UInt32(bits & 0x3FF)
    if exponent == 0x1F {
      // Infinity or NaN: keep the payload's top bits so NaN stays NaN.
      return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
    }
    if exponent == 0 {
      // Zero or subnormal: mantissa · 2⁻²⁴, exact in Float.
      let magnitude = Float(mantissa) * 0x1p-24
      return sign == 0 ? magnitude : -magnitude
    }
    return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
  }

  /// The `Float` value of bfloat16 bits (exact: bfloat16 is the top half of a binary32).
  @inlinable
  public static func float(fromBFloat16 bits: UInt16) -> Float {
    Float(bitPattern: UInt32(bits) << 16)
  }

  /// IEEE binary16 bits of `value`, rounded to nearest, ties to even.
  ///
  /// - Complexity: O(1).
  public static func halfBits(from value: Double) -> UInt16 {
    let bits = value.bitPattern
    let sign = UInt16((bits >> 48) & 0x8000)
    if value.isNaN { return sign | 0x7E00 }
    let magnitude = abs(value)
    if magnitude.isInfinite { return sign | 0x7C00 }
    // Largest finite half is 65504; values from 65520 up round to infinity.
    if magnitude >= 65520 { return sign | 0x7C00 }
    if magnitude < 0x1p-14 {
      // Subnormal range: the result is round(magnitude / 2⁻²⁴) units of 2⁻²⁴, which may round
      // up into the smallest normal (0x0400), whose bit pattern follows on naturally.
      let units = (magnitude * 0x1p24).rounded(.toNearestOrEven)
      return sign | UInt16(units)
    }
    // Normal: the significand has 10 fraction bits; Double has 52. Round the 42 dropped bits.
    let exponent = Int((bits >> 52) & 0x7FF) - 1023  // in -14...15
    let fraction = bits & 0x000F_FFFF_FFFF_FFFF
    var halfFraction = fraction >> 42
    let remainder = fraction & ((1 << 42) - 1)
    let halfway: UInt64 = 1 << 41
    var halfExponent = UInt16(exponent + 15)
    if remainder > halfway || (remainder == halfway && (halfFraction & 1) == 1) {
      halfFraction += 1
      if halfFraction == 0x400 {
        halfFraction = 0
        halfExponent += 1  // 65504 < magnitude < 65520 cannot get here; 0x7C00 is not reached
      }
    }
    return sign | (halfExponent << 10) | UInt16(halfFraction)
  }
}
