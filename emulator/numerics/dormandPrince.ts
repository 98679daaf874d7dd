/**
 * The Butcher tableau of Dormand–Prince RK5(4)7M (Dormand & Prince 1980, J. Comput. Appl. Math. 6:19): stage
 * coefficients A, fifth-order weights B (B2 = B7 = 0) and the error weights E = B − B̂ (E2 = 0).
 * Users take them into module-level constants (`const { A21, ... } = DORMAND_PRINCE`): their RK stages read them in
 * the hottest loops, where a property read per use would cost.
 */
export const DORMAND_PRINCE = {
  A21: 1 / 5,
  A31: 3 / 40, A32: 9 / 40,
  A41: 44 / 45, A42: -56 / 15, A43: 32 / 9,
  A51: 19372 / 6561, A52: -25360 / 2187, A53: 64448 / 6561, A54: -212 / 729,
  A61: 9017 / 3168, A62: -355 / 33, A63: 46732 / 5247, A64: 49 / 176, A65: -5103 / 18656,
  B1: 35 / 384, B3: 500 / 1113, B4: 125 / 192, B5: -2187 / 6784, B6: 11 / 84,
  E1: 71 / 57600, E3: -71 / 16695, E4: 71 / 1920, E5: -17253 / 339200, E6: 22 / 525, E7: -1 / 40,
} as const;
