/**
 * A convex polyhedron that planes cut down, one at a time: the Voronoi (or radical) cell of an
 * atom is built by cutting a starting polyhedron with the plane of each neighbour (see
 * voronoi.ts). Coordinates are relative to the atom.
 *
 * The polyhedron is stored by its faces: face f is the polygon fv[fs[f] .. fs[f] + fl[f]) of
 * vertex indices, counter-clockwise seen from outside (so its normal by the right-hand rule
 * points out). Vertices are shared between faces, so the number of vertices of a face is exact
 * and V − E + F = 2 holds for every cell; ftag[f] names what made the face (a neighbour's index).
 *
 * A cut keeps the half-space n·x <= h. Each vertex is classified once, with a tolerance tol on
 * n·x − h: inside (< −tol), on the plane (|·| <= tol) or outside (> tol). Faces with no outside
 * vertex are kept as they are, faces with no inside vertex go, and the others are clipped: their
 * inside and on vertices kept in order, a new vertex put where an edge runs from an inside to an
 * outside vertex (one per edge, shared by the two faces of that edge). The new face is the hole
 * this leaves: the edges of kept faces whose two ends lie on the plane and whose reverse edge no
 * kept face has, reversed and chained. A vertex within tol of the plane becomes a vertex of the
 * new face rather than the end of an edge shorter than tol, which is how exact degeneracies
 * (the four-edged vertices of the fcc rhombic dodecahedron) come out exact.
 */

/**
 * What a cut did: Unchanged (no vertex was outside), Cut, Emptied (no vertex was inside: a
 * radical cell can vanish), Failed (the clipped faces did not close into one new face, from
 * rounding in a near-degenerate cut; the cell is left as it was).
 */
export const CutResult = { Unchanged: 0, Cut: 1, Emptied: 2, Failed: 3 } as const;
export type CutResult = (typeof CutResult)[keyof typeof CutResult];

export class ConvexCell {
  nv = 0;
  nf = 0;
  /** Entries of fv in use. */
  nfv = 0;
  /** Largest squared distance of a vertex from the origin (the atom). */
  maxR2 = 0;
  vx: Float64Array;
  vy: Float64Array;
  vz: Float64Array;
  fs: Int32Array;
  fl: Int32Array;
  fv: Int32Array;
  ftag: Int32Array;

  // The cut writes into these and swaps them in when it succeeds.
  private bx: Float64Array;
  private by: Float64Array;
  private bz: Float64Array;
  private bs: Int32Array;
  private bl: Int32Array;
  private bv: Int32Array;
  private btag: Int32Array;
  // Per-vertex scratch.
  private dist: Float64Array;
  private side: Int8Array;
  private map: Int32Array;
  private onPlane: Uint8Array;
  private nextOnNew: Int32Array;
  // Edges crossed by the plane (inside end, outside end, new vertex), and candidate hole edges.
  private crossIn = new Int32Array(64);
  private crossOut = new Int32Array(64);
  private crossNew = new Int32Array(64);
  private holeFrom = new Int32Array(128);
  private holeTo = new Int32Array(128);

  constructor(vertexCapacity = 256, faceCapacity = 128, entryCapacity = 1024) {
    this.vx = new Float64Array(vertexCapacity);
    this.vy = new Float64Array(vertexCapacity);
    this.vz = new Float64Array(vertexCapacity);
    this.bx = new Float64Array(vertexCapacity);
    this.by = new Float64Array(vertexCapacity);
    this.bz = new Float64Array(vertexCapacity);
    this.dist = new Float64Array(vertexCapacity);
    this.side = new Int8Array(vertexCapacity);
    this.map = new Int32Array(vertexCapacity);
    this.onPlane = new Uint8Array(vertexCapacity);
    this.nextOnNew = new Int32Array(vertexCapacity).fill(-1);
    this.fs = new Int32Array(faceCapacity);
    this.fl = new Int32Array(faceCapacity);
    this.ftag = new Int32Array(faceCapacity);
    this.bs = new Int32Array(faceCapacity);
    this.bl = new Int32Array(faceCapacity);
    this.btag = new Int32Array(faceCapacity);
    this.fv = new Int32Array(entryCapacity);
    this.bv = new Int32Array(entryCapacity);
  }

  /**
   * The parallelepiped with edge vectors e1, e2, e3 centred on the origin, every face tagged
   * `tag`: the cell a periodic atom starts from (voronoi.ts).
   */
  setParallelepiped(e1: ArrayLike<number>, e2: ArrayLike<number>, e3: ArrayLike<number>, tag: number): void {
    for (let k = 0; k < 8; k++) {
      const s1 = k & 1 ? 0.5 : -0.5, s2 = k & 2 ? 0.5 : -0.5, s3 = k & 4 ? 0.5 : -0.5;
      this.vx[k] = s1 * e1[0] + s2 * e2[0] + s3 * e3[0];
      this.vy[k] = s1 * e1[1] + s2 * e2[1] + s3 * e3[1];
      this.vz[k] = s1 * e1[2] + s2 * e2[2] + s3 * e3[2];
    }
    this.nv = 8;
    // Faces by the bit held fixed; each cycle is turned to point out below.
    const faces = [[0, 2, 6, 4], [1, 3, 7, 5], [0, 1, 5, 4], [2, 3, 7, 6], [0, 1, 3, 2], [4, 5, 7, 6]];
    this.nf = 0;
    this.nfv = 0;
    for (const face of faces) {
      // The face's normal by the right-hand rule, against the direction from the centre to the face.
      const [a, b, c] = face;
      const ux = this.vx[b] - this.vx[a], uy = this.vy[b] - this.vy[a], uz = this.vz[b] - this.vz[a];
      const wx = this.vx[c] - this.vx[a], wy = this.vy[c] - this.vy[a], wz = this.vz[c] - this.vz[a];
      const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
      let cx = 0, cy = 0, cz = 0;
      for (const v of face) (cx += this.vx[v]), (cy += this.vy[v]), (cz += this.vz[v]);
      const order = nx * cx + ny * cy + nz * cz > 0 ? face : [...face].reverse();
      this.fs[this.nf] = this.nfv;
      this.fl[this.nf] = 4;
      this.ftag[this.nf] = tag;
      for (const v of order) this.fv[this.nfv++] = v;
      this.nf++;
    }
    this.maxR2 = farthestVertex(this.vx, this.vy, this.vz, this.nv);
  }

  /** Copies another cell's polyhedron into this one. */
  copyFrom(o: ConvexCell): void {
    this.reserve(o.nv, o.nf, o.nfv);
    this.nv = o.nv;
    this.nf = o.nf;
    this.nfv = o.nfv;
    this.maxR2 = o.maxR2;
    this.vx.set(o.vx.subarray(0, o.nv));
    this.vy.set(o.vy.subarray(0, o.nv));
    this.vz.set(o.vz.subarray(0, o.nv));
    this.fs.set(o.fs.subarray(0, o.nf));
    this.fl.set(o.fl.subarray(0, o.nf));
    this.ftag.set(o.ftag.subarray(0, o.nf));
    this.fv.set(o.fv.subarray(0, o.nfv));
  }

  /**
   * Keeps the part with nx·x + ny·y + nz·z <= h; vertices within tol of the plane (in the same
   * unnormalised measure) count as on it. A new face gets `tag`. On Failed the cell is unchanged.
   */
  cut(nx: number, ny: number, nz: number, h: number, tol: number, tag: number): CutResult {
    const nv = this.nv;
    const counts = classifyVertices(this.vx, this.vy, this.vz, nv, nx, ny, nz, h, tol, this.dist, this.side);
    const outside = counts & 0xffff, inside = counts >>> 16;
    if (outside === 0) return CutResult.Unchanged;
    if (inside === 0) {
      this.nv = this.nf = this.nfv = 0;
      this.maxR2 = 0;
      return CutResult.Emptied;
    }
    // Room for the worst case: every edge crossed, every face one vertex longer, a new face.
    this.reserve(nv + (this.nfv >> 1) + 1, this.nf + 1, 3 * this.nfv + 8);
    const { side, map, dist, onPlane } = this;
    const vx = this.vx, vy = this.vy, vz = this.vz, bx = this.bx, by = this.by, bz = this.bz;

    // Kept vertices, renumbered.
    let k = 0;
    for (let v = 0; v < nv; v++) {
      if (side[v] > 0) {
        map[v] = -1;
        continue;
      }
      map[v] = k;
      bx[k] = vx[v];
      by[k] = vy[v];
      bz[k] = vz[v];
      onPlane[k] = side[v] === 0 ? 1 : 0;
      k++;
    }
    let nvNew = k;
    let nCross = 0;

    // Faces: kept, dropped or clipped.
    const fs = this.fs, fl = this.fl, fv = this.fv, ftag = this.ftag;
    const bs = this.bs, bl = this.bl, bv = this.bv, btag = this.btag;
    let nfNew = 0, e = 0;
    for (let f = 0; f < this.nf; f++) {
      const s = fs[f], len = fl[f];
      let fin = 0, fout = 0;
      for (let q = s; q < s + len; q++) {
        const sd = side[fv[q]];
        if (sd < 0) fin++;
        else if (sd > 0) fout++;
      }
      if (fin === 0) continue;
      bs[nfNew] = e;
      btag[nfNew] = ftag[f];
      if (fout === 0) {
        for (let q = s; q < s + len; q++) bv[e++] = map[fv[q]];
      } else {
        for (let q = 0; q < len; q++) {
          const v = fv[s + q], w = fv[s + (q + 1 === len ? 0 : q + 1)];
          const sv = side[v], sw = side[w];
          if (sv <= 0) bv[e++] = map[v];
          if (sv * sw < 0) {
            // The edge runs from inside to outside (either way round): its new vertex.
            const p = sv < 0 ? v : w, o = sv < 0 ? w : v;
            let x = -1;
            for (let c = 0; c < nCross; c++) {
              if (this.crossIn[c] === p && this.crossOut[c] === o) {
                x = this.crossNew[c];
                break;
              }
            }
            if (x < 0) {
              if (nCross === this.crossIn.length) this.growCross();
              x = nvNew++;
              const t = dist[p] / (dist[p] - dist[o]);
              bx[x] = vx[p] + t * (vx[o] - vx[p]);
              by[x] = vy[p] + t * (vy[o] - vy[p]);
              bz[x] = vz[p] + t * (vz[o] - vz[p]);
              onPlane[x] = 1;
              this.crossIn[nCross] = p;
              this.crossOut[nCross] = o;
              this.crossNew[nCross] = x;
              nCross++;
            }
            bv[e++] = x;
          }
        }
      }
      bl[nfNew] = e - bs[nfNew];
      nfNew++;
    }

    // The hole: edges of kept faces with both ends on the plane and no reverse edge.
    let nHole = 0;
    for (let f = 0; f < nfNew; f++) {
      const s = bs[f], len = bl[f];
      for (let q = 0; q < len; q++) {
        const u = bv[s + q], w = bv[s + (q + 1 === len ? 0 : q + 1)];
        if (onPlane[u] && onPlane[w]) {
          if (nHole === this.holeFrom.length) this.growHole();
          this.holeFrom[nHole] = u;
          this.holeTo[nHole] = w;
          nHole++;
        }
      }
    }
    const next = this.nextOnNew;
    let boundary = 0, start = -1, ok = true;
    for (let a = 0; a < nHole; a++) {
      const u = this.holeFrom[a], w = this.holeTo[a];
      let paired = false;
      for (let b = 0; b < nHole; b++) {
        if (this.holeFrom[b] === w && this.holeTo[b] === u) {
          paired = true;
          break;
        }
      }
      if (paired) continue;
      // The new face runs w → u.
      if (next[w] >= 0) ok = false;
      next[w] = u;
      start = w;
      boundary++;
    }
    // Chain the new face.
    bs[nfNew] = e;
    btag[nfNew] = tag;
    if (ok && boundary >= 3) {
      let v = start, steps = 0;
      do {
        bv[e++] = v;
        v = next[v];
        steps++;
      } while (v >= 0 && v !== start && steps <= boundary);
      if (v !== start || steps !== boundary) ok = false;
    } else ok = false;
    for (let a = 0; a < nHole; a++) next[this.holeTo[a]] = -1;
    if (!ok) return CutResult.Failed;
    bl[nfNew] = e - bs[nfNew];
    nfNew++;

    // Vertices no face uses any more (an on-plane vertex whose faces all went).
    const used = this.side; // free again: reuse as a mark per new vertex
    used.fill(0, 0, nvNew);
    for (let q = 0; q < e; q++) used[bv[q]] = 1;
    let orphans = 0;
    for (let v = 0; v < nvNew; v++) if (!used[v]) orphans++;
    if (orphans > 0) nvNew = dropUnused(bx, by, bz, bv, e, used, nvNew, map);

    this.swap();
    this.nv = nvNew;
    this.nf = nfNew;
    this.nfv = e;
    this.maxR2 = farthestVertex(this.vx, this.vy, this.vz, nvNew);
    return CutResult.Cut;
  }

  /** Makes room for at least this many vertices, faces and face entries. */
  private reserve(vertices: number, faces: number, entries: number): void {
    if (vertices > this.vx.length) {
      const cap = Math.max(vertices, 2 * this.vx.length);
      const grow = <T extends Float64Array | Int32Array | Int8Array | Uint8Array>(a: T, fill?: number): T => {
        const b = new (a.constructor as new (n: number) => T)(cap);
        b.set(a);
        if (fill !== undefined) b.fill(fill, a.length);
        return b;
      };
      this.vx = grow(this.vx);
      this.vy = grow(this.vy);
      this.vz = grow(this.vz);
      this.bx = grow(this.bx);
      this.by = grow(this.by);
      this.bz = grow(this.bz);
      this.dist = grow(this.dist);
      this.side = grow(this.side);
      this.map = grow(this.map);
      this.onPlane = grow(this.onPlane);
      this.nextOnNew = grow(this.nextOnNew, -1);
    }
    if (faces > this.fs.length) {
      const cap = Math.max(faces, 2 * this.fs.length);
      const grow = (a: Int32Array) => {
        const b = new Int32Array(cap);
        b.set(a);
        return b;
      };
      this.fs = grow(this.fs);
      this.fl = grow(this.fl);
      this.ftag = grow(this.ftag);
      this.bs = grow(this.bs);
      this.bl = grow(this.bl);
      this.btag = grow(this.btag);
    }
    if (entries > this.fv.length) {
      const cap = Math.max(entries, 2 * this.fv.length);
      const b = new Int32Array(cap), c = new Int32Array(cap);
      b.set(this.fv);
      this.fv = b;
      this.bv = c;
    }
  }

  private growCross(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(2 * a.length);
      b.set(a);
      return b;
    };
    this.crossIn = grow(this.crossIn);
    this.crossOut = grow(this.crossOut);
    this.crossNew = grow(this.crossNew);
  }

  private growHole(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(2 * a.length);
      b.set(a);
      return b;
    };
    this.holeFrom = grow(this.holeFrom);
    this.holeTo = grow(this.holeTo);
  }

  private swap(): void {
    [this.vx, this.bx] = [this.bx, this.vx];
    [this.vy, this.by] = [this.by, this.vy];
    [this.vz, this.bz] = [this.bz, this.vz];
    [this.fs, this.bs] = [this.bs, this.fs];
    [this.fl, this.bl] = [this.bl, this.fl];
    [this.fv, this.bv] = [this.bv, this.fv];
    [this.ftag, this.btag] = [this.btag, this.ftag];
  }
}

/**
 * Signed distances n·x − h of the vertices (unnormalised) and their sides: −1 inside, 0 on the
 * plane, +1 outside. Returns outside count | inside count << 16.
 */
function classifyVertices(
  vx: Float64Array, vy: Float64Array, vz: Float64Array, nv: number,
  nx: number, ny: number, nz: number, h: number, tol: number, dist: Float64Array, side: Int8Array,
): number {
  let outside = 0, inside = 0;
  for (let v = 0; v < nv; v++) {
    const d = nx * vx[v] + ny * vy[v] + nz * vz[v] - h;
    dist[v] = d;
    if (d > tol) {
      side[v] = 1;
      outside++;
    } else if (d < -tol) {
      side[v] = -1;
      inside++;
    } else side[v] = 0;
  }
  return outside | (inside << 16);
}

/** Largest squared distance of a vertex from the origin. */
function farthestVertex(vx: Float64Array, vy: Float64Array, vz: Float64Array, nv: number): number {
  let m = 0;
  for (let v = 0; v < nv; v++) {
    const r2 = vx[v] * vx[v] + vy[v] * vy[v] + vz[v] * vz[v];
    if (r2 > m) m = r2;
  }
  return m;
}

/** Removes the vertices not marked used, renumbering the face entries; returns the new count. */
function dropUnused(
  x: Float64Array, y: Float64Array, z: Float64Array, entries: Int32Array, ne: number,
  used: Int8Array, nv: number, map: Int32Array,
): number {
  let k = 0;
  for (let v = 0; v < nv; v++) {
    if (!used[v]) continue;
    map[v] = k;
    x[k] = x[v];
    y[k] = y[v];
    z[k] = z[v];
    k++;
  }
  for (let q = 0; q < ne; q++) entries[q] = map[entries[q]];
  return k;
}

/** Volume, surface and per-face measures of a cell. */
export interface CellMeasures {
  volume: number;
  /** Total surface area. */
  area: number;
}

/**
 * Volume (the signed tetrahedra of each face's fan with the origin, V = Σ v0·(v_k × v_k+1) / 6;
 * right for any origin since the faces point out) and face areas (|Σ (v_k − v0) × (v_k+1 − v0)| / 2),
 * written into faceArea[0 .. nf). Returns the volume.
 */
export function measureCell(cell: ConvexCell, faceArea: Float64Array): number {
  const { vx, vy, vz, fs, fl, fv, nf } = cell;
  let volume = 0;
  for (let f = 0; f < nf; f++) {
    const s = fs[f], len = fl[f];
    const a = fv[s];
    const ax = vx[a], ay = vy[a], az = vz[a];
    let sx = 0, sy = 0, sz = 0;
    for (let q = s + 1; q < s + len - 1; q++) {
      const b = fv[q], c = fv[q + 1];
      const ux = vx[b] - ax, uy = vy[b] - ay, uz = vz[b] - az;
      const wx = vx[c] - ax, wy = vy[c] - ay, wz = vz[c] - az;
      sx += uy * wz - uz * wy;
      sy += uz * wx - ux * wz;
      sz += ux * wy - uy * wx;
    }
    // Σ over the fan of v0·(v_b × v_c) equals v0·Σ (v_b − v0) × (v_c − v0).
    volume += ax * sx + ay * sy + az * sz;
    faceArea[f] = 0.5 * Math.sqrt(sx * sx + sy * sy + sz * sz);
  }
  return volume / 6;
}
