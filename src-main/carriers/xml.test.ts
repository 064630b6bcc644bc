import { describe, expect, it } from 'vitest';
import { childElement, childElements, childText, parseXml } from './xml';

describe('parseXml', () => {
  it('reads nested elements, strips namespaces and decodes entities', () => {
    const root = parseXml(`<?xml version="1.0" encoding="UTF-8"?>
      <!-- a comment -->
      <t:tracking-detail xmlns:t="http://www.canadapost.ca/ws/track">
        <t:pin>123</t:pin>
        <name>Colis acc&#233;l&#xe9;r&eacute;s &amp; more</name>
        <empty/>
        <note><![CDATA[<b>raw</b>]]></note>
        <events><e>1</e><e>2</e></events>
      </t:tracking-detail>`);
    expect(root.name).toBe('tracking-detail');
    expect(childText(root, 'pin')).toBe('123');
    expect(childText(root, 'name')).toBe('Colis accélér&eacute;s & more');
    expect(childText(root, 'empty')).toBeNull();
    expect(childText(root, 'note')).toBe('<b>raw</b>');
    expect(childElements(childElement(root, 'events'), 'e').map((e) => e.text)).toEqual(['1', '2']);
    expect(childText(root, 'missing')).toBeNull();
  });

  it('tolerates a byte-order mark and attributes', () => {
    expect(parseXml('\uFEFF<a x="1"><b y="2/">t</b></a>').children[0].text).toBe('t');
  });

  it.each([['<a><b></a>'], ['<a>'], ['text'], ['<a/><b/>'], [''], ['<a><!-- open</a>']])('rejects malformed %j', (xml) => {
    expect(() => parseXml(xml)).toThrow();
  });
});
