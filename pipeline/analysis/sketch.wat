;; copy-paste's MinHash sketch of one text with SIMD (pipeline/analysis/sketch-wasm.ts): the same
;; values as sketchOf in copy-paste.ts, four multiplications at a time. Memory, set up by the
;; caller: bytes 0–95 the 24 seeds, 96–191 the 24 odd multipliers (int32 each); then the text's
;; kept gram hashes and the sketches.
;;
;; For multiplication f (f = 4v … 4v + 3 in vector v): p = (gram xor seed_f) * mul_f (low 32 bits,
;; as Math.imul); the sketch keeps min(p >>> 16) and min(p & 0xffff) over the grams, written as
;; [high_f, low_f] pairs, f = 0 … 23 (48 values). No gram: every value 0xffffffff (the JS EMPTY).
;;
;; Assembled by test/helpers/assemble-wasm.ts (wabt) into sketch-wasm.ts; a test checks that the
;; bytes there are this file's.
(module
  (memory (export "memory") 1)
  (func (export "sketch") (param $grams i32) (param $k i32) (param $out i32)
    (local $v i32) (local $i i32) (local $end i32) (local $at i32)
    (local $seed v128) (local $mul v128) (local $hi v128) (local $lo v128) (local $p v128) (local $mask v128)
    (local.set $mask (v128.const i32x4 0xffff 0xffff 0xffff 0xffff))
    (local.set $end (i32.add (local.get $grams) (i32.shl (local.get $k) (i32.const 2))))
    (loop $vectors
      (local.set $seed (v128.load (i32.shl (local.get $v) (i32.const 4))))
      (local.set $mul (v128.load offset=96 (i32.shl (local.get $v) (i32.const 4))))
      (local.set $hi (v128.const i32x4 -1 -1 -1 -1))
      (local.set $lo (v128.const i32x4 -1 -1 -1 -1))
      (local.set $i (local.get $grams))
      (block $none
        (br_if $none (i32.ge_u (local.get $i) (local.get $end)))
        (loop $each
          (local.set $p (i32x4.mul (v128.xor (v128.load32_splat (local.get $i)) (local.get $seed)) (local.get $mul)))
          (local.set $hi (i32x4.min_u (local.get $hi) (i32x4.shr_u (local.get $p) (i32.const 16))))
          (local.set $lo (i32x4.min_u (local.get $lo) (v128.and (local.get $p) (local.get $mask))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $each (i32.lt_u (local.get $i) (local.get $end)))))
      ;; Interleaved: high_f, low_f, high_f+1, low_f+1 … (8 values, 32 bytes, per vector).
      (local.set $at (i32.add (local.get $out) (i32.shl (local.get $v) (i32.const 5))))
      (v128.store (local.get $at)
        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $hi) (local.get $lo)))
      (v128.store offset=16 (local.get $at)
        (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $hi) (local.get $lo)))
      (local.set $v (i32.add (local.get $v) (i32.const 1)))
      (br_if $vectors (i32.lt_u (local.get $v) (i32.const 6))))))
