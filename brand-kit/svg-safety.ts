/**
 * SVG safety: no scripts, no event handlers, no external references, no DTDs. `checkSvg`
 * lists every problem (uploads are refused with that list) and also returns the SVG with all
 * of them removed (the compiler rasterises only that, whatever the source).
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export interface SvgProblem {
  /** Element path inside the SVG, e.g. `/svg/g/script`. */
  path: string;
  message: string;
}

const XML_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: true,
  processEntities: false,
  commentPropName: '#comment',
  ignorePiTags: false,
} as const;

/** Elements that run code, embed other documents or rewrite attributes over time. */
const FORBIDDEN_ELEMENTS = new Set([
  'script',
  'foreignobject',
  'iframe',
  'object',
  'embed',
  'handler',
  'listener',
  'audio',
  'video',
  'canvas',
  'set',
  'animate',
  'animatemotion',
  'animatetransform',
]);
const LINK_ATTRIBUTES = new Set(['href', 'xlink:href', 'src', 'xml:base']);
/** `url(` pointing anywhere but a local `#fragment`, CSS imports, script URLs. */
const EXTERNAL_IN_VALUE = /url\(\s*['"]?\s*(?!#)|@import|javascript:|expression\(/i;

type XmlNode = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function nodeName(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}

/** Check and clean an SVG document given as text. */
export function checkSvg(text: string): { svg: string; problems: SvgProblem[] } {
  const problems: SvgProblem[] = [];
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    problems.push({ path: '/', message: 'DOCTYPE and ENTITY declarations are not allowed' });
  let doc: unknown;
  try {
    doc = new XMLParser(XML_OPTIONS).parse(text, true);
  } catch (err) {
    return {
      svg: '',
      problems: [
        ...problems,
        { path: '/', message: `not well-formed XML: ${err instanceof Error ? err.message : String(err)}` },
      ],
    };
  }
  if (!Array.isArray(doc)) return { svg: '', problems: [...problems, { path: '/', message: 'not an XML document' }] };

  const clean = (nodes: unknown[], parent: string): unknown[] => {
    const kept: unknown[] = [];
    for (const node of nodes) {
      if (!isRecord(node)) continue;
      const name = nodeName(node);
      if (name === undefined) continue;
      if (name === '#text' || name === '#comment') {
        kept.push(node);
        continue;
      }
      const path = `${parent}/${name}`;
      if (name.startsWith('?')) {
        if (name === '?xml') kept.push(node);
        else problems.push({ path, message: `processing instruction <${name}> is not allowed` });
        continue;
      }
      if (FORBIDDEN_ELEMENTS.has(name.toLowerCase())) {
        problems.push({
          path,
          message: `<${name}> is not allowed (scripts, embedded documents and animations are refused)`,
        });
        continue;
      }
      const attrs = isRecord(node[':@']) ? node[':@'] : {};
      const keptAttrs: Record<string, unknown> = {};
      for (const [attr, value] of Object.entries(attrs)) {
        const v = typeof value === 'string' ? value : '';
        const lower = attr.toLowerCase();
        if (lower.startsWith('on')) {
          problems.push({ path: `${path}@${attr}`, message: `event handler attribute "${attr}" is not allowed` });
        } else if (LINK_ATTRIBUTES.has(lower) && !v.trim().startsWith('#')) {
          problems.push({
            path: `${path}@${attr}`,
            message: `external reference "${v.slice(0, 80)}" is not allowed (only #local links)`,
          });
        } else if (EXTERNAL_IN_VALUE.test(v)) {
          problems.push({ path: `${path}@${attr}`, message: `attribute "${attr}" refers outside the file` });
        } else keptAttrs[attr] = value;
      }
      const children = Array.isArray(node[name]) ? (node[name] as unknown[]) : [];
      if (name.toLowerCase() === 'style') {
        const css = children.map((c) => (isRecord(c) && typeof c['#text'] === 'string' ? c['#text'] : '')).join('');
        if (EXTERNAL_IN_VALUE.test(css)) {
          problems.push({ path, message: 'stylesheet refers outside the file (url(), @import)' });
          continue;
        }
      }
      const out: XmlNode = { [name]: clean(children, path) };
      if (Object.keys(keptAttrs).length > 0) out[':@'] = keptAttrs;
      kept.push(out);
    }
    return kept;
  };

  const cleaned = clean(doc, '');
  const root = cleaned
    .filter(isRecord)
    .map(nodeName)
    .find((n) => n !== undefined && !n.startsWith('?') && !n.startsWith('#'));
  if (root !== 'svg') problems.push({ path: '/', message: `the root element is <${root ?? 'nothing'}>, not <svg>` });
  return { svg: String(new XMLBuilder(XML_OPTIONS).build(cleaned)), problems };
}
