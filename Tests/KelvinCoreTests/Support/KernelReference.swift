import Foundation
import KelvinCore

/// The Swift reference definitions of the C kernels (CKelvinKernels.h), written from their
/// stated operations in portable Swift on `SIMD16<Float>`, independently of the C code: the
/// tests hold every instruction-set level to these bit for bit.
enum KernelReference {
  typealias Vector = SIMD16<Float>

  /// The canonical exp for lanes ≤ 0 (or -inf), operation for operation: fused multiply-adds
  /// exactly where written; 0 below -87.3.
  static func exp(_ x: Vector) -> Vector {
    let floor = Vector(repeating: -87.3)
    let clamped = x.replacing(with: floor, where: x .< floor)
    // n = round(x / ln 2) by the 1.5 · 2²³ trick.
    let magic = Vector(repeating: 12_582_912)
    let shifted = magic.addingProduct(clamped, Vector(repeating: 1.442_695_04))
    let n = shifted - magic
    var r = clamped.addingProduct(-n, Vector(repeating: 0.693_359_375))
    r = r.addingProduct(-n, Vector(repeating: -2.121_944_4e-4))
    var p = Vector(repeating: 1.987_569_150_0e-4)
    p = Vector(repeating: 1.398_199_950_7e-3).addingProduct(p, r)
    p = Vector(repeating: 8.333_451_907_3e-3).addingProduct(p, r)
    p = Vector(repeating: 4.166_579_589_4e-2).addingProduct(p, r)
    p = Vector(repeating: 1.666_666_545_9e-1).addingProduct(p, r)
    p = Vector(repeating: 5.000_000_120_1e-1).addingProduct(p, r)
    let polynomial = r.addingProduct(p * r, r) + Vector(repeating: 1)
    // 2ⁿ from the integer in the low bits of `shifted`: (n + 127) << 23.
    let nBits =
      unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- unsafeBitCast(magic, to: SIMD16<Int32>.self)
    let scale = unsafeBitCast((nBits &+ 127) &<< 23, to: Vector.self)
    return (polynomial * scale).replacing(with: 0, where: x .< floor)
  }

  /// The sum of 16 lanes in `Double` by the fixed tree.
  static func reduce(_ lanes: Vector) -> Double {
    let d = SIMD8<Double>(lanes.lowHalf) + SIMD8<Double>(lanes.highHalf)
    let e = d.lowHalf + d.highHalf
    let f = e.lowHalf + e.highHalf
    return f[0] + f[1]
  }

  /// The sum of `values` in the kernels' fixed order: 16 float lanes (lane j takes elements j,
  /// j + 16, …) over blocks of 256, each block reduced by ``reduce(_:)``, the blocks added in
  /// order, the last partial vector (padded with zeros) as one more block.
  static func blockedSum(_ values: [Float]) -> Double {
    var total = 0.0
    var index = 0
    let full = values.count - values.count % 16
    while index < full {
      var lanes = Vector(repeating: 0)
      let end = Swift.min(full, index + 256)
      while index < end {
        for lane in 0..<16 { lanes[lane] += values[index + lane] }
        index += 16
      }
      total += reduce(lanes)
    }
    if index < values.count {
      var lanes = Vector(repeating: 0)
      for lane in 0..<(values.count - index) { lanes[lane] = values[index + lane] }
      total += reduce(lanes)
    }
    return total
  }

  /// The reproducible exponential sum: the terms `exp((z / divisor - shift) · scale)`, their
  /// sum in the fixed order (16 lanes, blocks of 256, the padded tail as one more block) and
  /// the smallest quotient.
  static func exponentialSum(_ values: [Float], divisor: Float = 1, shift: Float, scale: Float = 1)
    -> (terms: [Float], sum: Double, minimum: Float)
  {
    var terms = [Float](repeating: 0, count: values.count)
    var total = 0.0
    var minimum = Float.infinity
    var index = 0
    func vector(at start: Int) -> Vector {
      var v = Vector(repeating: -.infinity)
      for lane in 0..<16 where start + lane < values.count { v[lane] = values[start + lane] }
      return v
    }
    func term(_ v: Vector, at start: Int) -> Vector {
      let quotient = divisor == 1 ? v : v / Vector(repeating: divisor)
      for lane in 0..<16 where start + lane < values.count {
        minimum = Swift.min(minimum, quotient[lane])
      }
      let argument = quotient - Vector(repeating: shift)
      let t = exp(scale == 1 ? argument : argument * Vector(repeating: scale))
      for lane in 0..<16 where start + lane < values.count { terms[start + lane] = t[lane] }
      return t
    }
    let full = values.count - values.count % 16
    while index < full {
      var lanes = Vector(repeating: 0)
      let end = Swift.min(full, index + 256)
      while index < end {
        lanes += term(vector(at: index), at: index)
        index += 16
      }
      total += reduce(lanes)
    }
    if index < values.count { total += reduce(term(vector(at: index), at: index)) }
    return (terms, total, minimum)
  }

  /// softmax(z · scale) or its log as the C kernel defines it, or `nil` for an empty,
  /// all-masked, NaN or +inf row.
  static func softmax(_ values: [Float], scale: Float, logarithm: Bool) -> [Float]? {
    guard let (maximum, _, _) = scan(values), maximum > -.infinity else { return nil }
    let (terms, sum, _) = exponentialSum(values, shift: maximum, scale: scale)
    if logarithm {
      let logSum = Float(Foundation.log(sum))
      return values.map { ($0 - maximum) * scale - logSum }
    }
    let inverse = Float(1 / sum)
    return terms.map { $0 * inverse }
  }

  /// The maximum, the minimum and whether any value is -inf; `nil` for NaN or +inf.
  static func scan(_ values: [Float]) -> (maximum: Float, minimum: Float, masked: Bool)? {
    guard values.allSatisfy({ $0 < .infinity }) else { return nil }
    return (values.max() ?? -.infinity, values.min() ?? .infinity, values.contains(-.infinity))
  }

  /// The k largest unmasked values by (value descending, index ascending); `nil` for NaN or
  /// +inf.
  static func largest(_ k: Int, in values: [Float]) -> (indices: [Int32], values: [Float])? {
    guard values.allSatisfy({ $0 < .infinity }) else { return nil }
    let order = values.indices.filter { values[$0] > -.infinity }.sorted {
      values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1)
    }
    let kept = order.prefix(k)
    return (kept.map { Int32($0) }, kept.map { values[$0] })
  }
}
