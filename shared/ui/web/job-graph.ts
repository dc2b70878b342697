import dagre, { type EdgeLabel } from '@dagrejs/dagre';
import type { GraphEdge, GraphNode } from '../ui-api.js';
import { svg, svgLink } from './dom.js';
import { assetPath } from './format.js';

// Node boxes are sized from the name's length: SVG text cannot be measured before it is in the
// page, and a monospace-ish estimate is close enough for a layout that only must not overlap.
const CHAR_WIDTH = 7.5;
const NODE_HEIGHT = 40;
const PADDING = 24;
const MAPPED_BADGE = '[*]';

/**
 * A job's op/asset graph, laid out top to bottom by dagre and drawn as SVG. Asset nodes link to
 * their asset page; ops and checks link nowhere. A mapped op (`.map(op)`) is a stack with a
 * `[*]` badge, and the edges of a fan-out are labelled `map <output>` and `collect`.
 *
 * @example
 * section.append(jobGraph(job.nodes, job.edges));
 */
export function jobGraph(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): SVGSVGElement {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 50, marginx: 10, marginy: 10 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) {
    graph.setNode(node.name, {
      width: Math.max(90, (node.name.length + (node.mappedFrom ? MAPPED_BADGE.length + 1 : 0)) * CHAR_WIDTH + PADDING),
      height: NODE_HEIGHT,
    });
  }
  const known = new Set(nodes.map((node) => node.name));
  edges.forEach((edge, index) => {
    // An ordering that passes no value (an asset's deps, a check after its asset) is drawn dashed.
    const kind =
      edge.output === '' && edge.input === ''
        ? 'graph-edge order-edge'
        : edge.fanOut !== undefined
          ? `graph-edge ${edge.fanOut}-edge`
          : 'graph-edge';
    if (known.has(edge.from) && known.has(edge.to)) {
      graph.setEdge(edge.from, edge.to, { kind, fanOut: edge.fanOut, output: edge.output }, `e${index}`);
    }
  });
  dagre.layout(graph);
  const { width = 100, height = 100 } = graph.graph();

  const drawing = svg('svg', {
    class: 'job-graph',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': 'Job graph',
  });
  drawing.append(
    svg(
      'defs',
      {},
      svg(
        'marker',
        { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' },
        svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }),
      ),
    ),
  );
  for (const edgeRef of graph.edges()) {
    const label = graph.edge(edgeRef) as (EdgeLabel & { kind?: string; fanOut?: string; output?: string }) | undefined;
    const points = label?.points ?? [];
    if (points.length < 2) continue;
    const d = points.map((point, i) => `${i === 0 ? 'M' : 'L'}${point.x},${point.y}`).join(' ');
    drawing.append(svg('path', { d, class: label?.kind ?? 'graph-edge', 'marker-end': 'url(#arrow)' }));
    // A fan-out edge says what it does, where Dagster draws its dynamic output's name.
    const middle = points[Math.floor(points.length / 2)];
    if (label?.fanOut !== undefined && middle !== undefined) {
      const text = label.fanOut === 'map' ? `map ${label.output ?? ''}` : 'collect';
      drawing.append(
        svg('text', { x: middle.x + 6, y: middle.y, class: 'edge-label', 'data-fan-out': label.fanOut }, text),
      );
    }
  }
  for (const node of nodes) {
    const box = graph.node(node.name);
    if (!box) continue;
    const group = svg(
      'g',
      {
        class: `graph-node node-${node.kind}`,
        'data-node': node.name,
        transform: `translate(${box.x - box.width / 2},${box.y - box.height / 2})`,
      },
      // A mapped op is drawn as a stack of boxes, one step per item, with a [*] badge.
      node.mappedFrom
        ? svg('rect', { x: 4, y: -4, width: box.width, height: box.height, rx: 6, class: 'stack' })
        : null,
      svg('rect', { width: box.width, height: box.height, rx: 6 }),
      svg(
        'text',
        { x: box.width / 2, y: box.height / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central' },
        node.name,
        node.mappedFrom ? svg('tspan', { class: 'mapped-badge' }, ` ${MAPPED_BADGE}`) : null,
      ),
    );
    if (node.mappedFrom) {
      group.setAttribute('data-mapped-from', `${node.mappedFrom.node}.${node.mappedFrom.output}`);
    }
    if (node.dynamicOutputs) group.setAttribute('data-dynamic-outputs', node.dynamicOutputs.join(','));
    const about = [
      node.description,
      node.mappedFrom
        ? `Runs once per item of ${node.mappedFrom.node}.${node.mappedFrom.output}, as ${node.name}[key]`
        : undefined,
      node.dynamicOutputs ? `Fans out: ${node.dynamicOutputs.join(', ')} (DynamicOut)` : undefined,
    ].filter((line) => line !== undefined);
    if (about.length > 0) group.prepend(svg('title', {}, about.join('\n')));
    drawing.append(node.kind === 'asset' ? svgLink(assetPath(node.name), group) : group);
  }
  return drawing;
}
