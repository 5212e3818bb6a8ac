/// Vectorised scans over `Float` buffers that the sampler chain builds on.
///
/// All run on `SIMD16<Float>` with a scalar tail and give exactly the results of the obvious
/// scalar loop. They are not inlinable, so that one compiled copy serves every caller.
public enum FloatVectorKernels {
  typealias Vector = SIMD16<Float>

  /// What one pass over logits finds.
  public struct Scan: Sendable, Equatable {
    /// The largest value that is not NaN (`-inf` for an empty buffer).
    public var maximum: Float
    /// The smallest value that is not NaN (`+inf` for an empty buffer).
    public var minimum: Float
    /// Whether any value is NaN or `+inf`.
    public var hasInvalid: Bool
    /// Whether any value is `-inf`.
    public var hasNegativeInfinity: Bool
  }

  /// Scans `values` once for the maximum, NaN and `±inf`.
  ///
  /// - Complexity: O(n), one vectorised pass.
  @inline(never)
  public static func scan(_ values: UnsafeBufferPointer<Float>) -> Scan {
    guard let base = values.baseAddress else {
      return Scan(
        maximum: -.infinity, minimum: .infinity, hasInvalid: false, hasNegativeInfinity: false)
    }
    let raw = UnsafeRawPointer(base)
    var best = Vector(repeating: -.infinity)
    var least = Vector(repeating: .infinity)
    var invalid = Vector(repeating: 0)
    var masked = Vector(repeating: 0)
    let negativeInfinity = Vector(repeating: -.infinity)
    var index = 0
    while index + 16 <= values.count {
      let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self)
      best = best.replacing(with: value, where: value .> best)
      least = least.replacing(with: value, where: value .< least)
      let isMask = value .== negativeInfinity
      // x − x is NaN exactly for NaN and ±inf; masks are counted apart.
      invalid = invalid + (value - value).replacing(with: 0, where: isMask)
      masked = masked.replacing(with: 1, where: isMask)
      index += 16
    }
    var maximum = best.max()
    var minimum = least.min()
    var hasInvalid = invalid.sum() != 0
    var hasMasked = masked.sum() != 0
    while index < values.count {
      let value = base[index]
      if value.isNaN || value == .infinity { hasInvalid = true }
      if value == -.infinity { hasMasked = true }
      if value > maximum { maximum = value }
      if value < minimum { minimum = value }
      index += 1
    }
    return Scan(
      maximum: maximum, minimum: minimum, hasInvalid: hasInvalid, hasNegativeInfinity: hasMasked)
  }

  /// The first index whose value equals `target`, or `nil`.
  ///
  /// - Complexity: O(n), vectorised.
  @inline(never)
  public static func firstIndex(of target: Float, in values: UnsafeBufferPointer<Float>) -> Int? {
    guard let base = values.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    let wanted = Vector(repeating: target)
    var index = 0
    while index + 16 <= values.count {
      let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self)
      let hits = Vector(repeating: 0).replacing(with: 1, where: value .== wanted)
      if hits.sum() != 0 {
        for lane in 0..<16 where value[lane] == target { return index + lane }
      }
      index += 16
    }
    while index < values.count {
      if base[index] == target { return index }
      index += 1
    }
    return nil
  }

  /// How many values are `≥ threshold`.
  ///
  /// - Complexity: O(n), vectorised.
  @inline(never)
  public static func count(atLeast threshold: Float, in values: UnsafeBufferPointer<Float>) -> Int {
    guard let base = values.baseAddress else { return 0 }
    let raw = UnsafeRawPointer(base)
    let bound = Vector(repeating: threshold)
    var counts = SIMD16<Int32>(repeating: 0)
    var index = 0
    while index + 16 <= values.count {
      let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self)
      counts &+= SIMD16<Int32>(repeating: 0).replacing(with: 1, where: value .>= bound)
      index += 16
    }
    var total = Int(counts.wrappedSum())
    while index < values.count {
      if base[index] >= threshold { total += 1 }
      index += 1
    }
    return total
  }
}
