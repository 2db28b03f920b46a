/**
 * The Cluster view's running watches, by the id of the node they serve: the
 * objects of an expanded kind, and the live kind counts of an expanded
 * namespace or Cluster resources. Ids nest, so stopping a subtree stops every
 * watch below it.
 */
import { isUnder } from '../../core/kube/treeModel';
import type { KindCounts } from '../../infra/kube/kindCounts';
import type { ListWatch } from '../../infra/kube/listWatch';

export class Watches {
  /** Objects of an expanded kind, by the kind's id. */
  readonly lists = new Map<string, ListWatch>();
  /** Live counts of the kinds under a namespace or Cluster resources, by that node's id. */
  readonly counts = new Map<string, KindCounts>();

  /** Stops every watch of `ancestor` and below it ('' for all); `stopped` hears each id. */
  stopUnder(ancestor: string, stopped: (id: string) => void): void {
    for (const map of [this.lists, this.counts] as Map<string, { dispose(): void }>[]) {
      for (const [id, w] of [...map]) {
        if (!isUnder(id, ancestor)) continue;
        w.dispose();
        map.delete(id);
        stopped(id);
      }
    }
  }

  ids(): string[] {
    return [...this.lists.keys(), ...this.counts.keys()];
  }
}
