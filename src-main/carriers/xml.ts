/**
 * A tiny dependency-free XML reader for carrier responses (Canada Post): elements, text, entities, CDATA.
 * Namespace prefixes are dropped and attributes ignored, because carriers' tracking XML carries its data in
 * elements. Throws on malformed input; callers turn that into a bad_payload error.
 */

export interface XmlElement {
  /** Local name, without namespace prefix. */
  name: string;
  children: XmlElement[];
  /** Concatenated direct text content, entities decoded, trimmed. */
  text: string;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = Object.freeze({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" });

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] !== '#') return NAMED_ENTITIES[entity] ?? whole;
    const code = entity[1].toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);

interface Building {
  element: XmlElement;
  rawText: string[];
}

function closeElement(stack: Building[]): XmlElement {
  const top = stack.pop() as Building;
  top.element.text = top.rawText.join('').trim();
  return top.element;
}

/** Skips `<?…?>`, `<!--…-->` and `<!DOCTYPE …>`; returns the index after the construct. */
function skipMarkup(xml: string, start: number): number {
  const terminator = xml.startsWith('<?', start) ? '?>' : xml.startsWith('<!--', start) ? '-->' : '>';
  const end = xml.indexOf(terminator, start);
  if (end < 0) throw new Error('Unterminated XML markup');
  return end + terminator.length;
}

export function parseXml(xml: string): XmlElement {
  const stack: Building[] = [];
  let root: XmlElement | null = null;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (stack.length > 0) stack[stack.length - 1].rawText.push(decodeEntities(xml.slice(i, textEnd)));
    else if (
      xml
        .slice(i, textEnd)
        .replace(/^\uFEFF/, '')
        .trim() !== ''
    )
      throw new Error('Text outside the root element');
    if (lt < 0) break;
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end < 0 || stack.length === 0) throw new Error('Misplaced or unterminated CDATA');
      stack[stack.length - 1].rawText.push(xml.slice(lt + 9, end));
      i = end + 3;
    } else if (xml.startsWith('<?', lt) || xml.startsWith('<!', lt)) {
      i = skipMarkup(xml, lt);
    } else if (xml.startsWith('</', lt)) {
      const end = xml.indexOf('>', lt);
      const name = localName(xml.slice(lt + 2, end).trim());
      if (end < 0 || stack.length === 0 || stack[stack.length - 1].element.name !== name) throw new Error(`Unexpected </${name}>`);
      const closed = closeElement(stack);
      if (stack.length === 0) root = closed;
      i = end + 1;
    } else {
      const end = xml.indexOf('>', lt);
      if (end < 0) throw new Error('Unterminated start tag');
      const selfClosing = xml[end - 1] === '/';
      const name = /^[^\s/>]+/.exec(xml.slice(lt + 1, end))?.[0];
      if (!name) throw new Error('Start tag without a name');
      if (root !== null) throw new Error('More than one root element');
      const element: XmlElement = { name: localName(name), children: [], text: '' };
      stack[stack.length - 1]?.element.children.push(element);
      stack.push({ element, rawText: [] });
      if (selfClosing) {
        const closed = closeElement(stack);
        if (stack.length === 0) root = closed;
      }
      i = end + 1;
    }
  }
  if (root === null || stack.length > 0) throw new Error('Incomplete XML document');
  return root;
}

export const childElements = (element: XmlElement | null, name: string): XmlElement[] => element?.children.filter((c) => c.name === name) ?? [];

export const childElement = (element: XmlElement | null, name: string): XmlElement | null => childElements(element, name)[0] ?? null;

/** Text of the first child with that name; null when absent or empty. */
export function childText(element: XmlElement | null, name: string): string | null {
  const text = childElement(element, name)?.text ?? '';
  return text === '' ? null : text;
}
