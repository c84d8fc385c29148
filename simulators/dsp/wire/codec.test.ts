/**
 * Known answers for the DSP wire, from the document's own examples (fixtures/seed-*.xml, copied
 * from spec 001 2.3 and 3.2) and from bytes made by independent tools: the GBK and GB18030
 * fixtures were written with iconv, the hex below with python3 (commands next to each vector).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodyAsText, chooseCharset, decodeText, encodeText } from './charset.ts';
import { DSP_MAX_BODY_BYTES, encodeDspRequest, encodeDspResponse, parseAtsyh } from './codec.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', name));

/** the fields of example 3.2, as the document prints them */
const SEED_RESPONSE = {
  BankCode: 'CMBC02',
  TransType: 'DeContract',
  TransSeqID: '20210428120143860604711',
  RespCode: '0',
  RespInfo: '重复签约',
  ReqSeqID: 'ATS2021042812014386060471',
  UnifiedCode: 'EC801',
  DeSignState: 'fail',
  OriginalCode: 'S',
};

describe('DSP wire: the document examples', () => {
  it('reads example 2.3 (no declaration, UTF-8) into its common and DetailRecord fields', () => {
    const p = parseAtsyh(fixture('seed-request.xml'), 'TransReq');
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.charset).toBe('UTF-8');
    expect(p.version).toBe('5.1.0.0');
    expect(p.fields).toMatchObject({
      BankCode: 'GZELINK01',
      TransType: 'DeContract',
      TransSeqID: '30191205151125',
      CommandCode: '9108Auth',
      ReqSeqID: 'G0120031611501284062',
      PayAct: '6123011880003601000',
      RecAct: '001053110000001123',
      PayName: '测试',
      PolicyNo: 'ZY009358223',
      SingleLimit: '黄二九',
      CountLimit: '350903198101025563',
      CellPhone: '',
      SmsCode: '',
      Step: '02',
    });
    expect(Object.keys(p.fields)).toHaveLength(4 + 22); // 4 common + the 22 DetailRecord elements of 2.3
  });

  it('reads example 3.2 into the fields the document prints', () => {
    const p = parseAtsyh(fixture('seed-response.xml'), 'TransResp');
    expect(p.ok && p.fields).toEqual(SEED_RESPONSE);
  });

  it('writes example 3.2 byte for byte (after the declaration it adds)', () => {
    const out = encodeDspResponse(SEED_RESPONSE, 'UTF-8').toString('utf8');
    expect(out).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n${fixture('seed-response.xml').toString('utf8')}`);
  });

  // (printf '<?xml version="1.0" encoding="GBK"?>\n'; cat seed-response.xml) | iconv -f UTF-8 -t GBK
  it('writes example 3.2 in GBK and GB18030 exactly as iconv does', () => {
    expect(encodeDspResponse(SEED_RESPONSE, 'GBK').equals(fixture('seed-response.gbk.xml'))).toBe(true);
    expect(encodeDspResponse(SEED_RESPONSE, 'GB18030').equals(fixture('seed-response.gb18030.xml'))).toBe(true);
  });

  // (printf '<?xml version="1.0" encoding="GBK"?>\r\n'; sed 's/$/\r/' seed-request.xml) | iconv -f UTF-8 -t GBK
  it('reads example 2.3 in GBK with CRLF line ends to the same fields as in UTF-8', () => {
    const gbk = parseAtsyh(fixture('seed-request.gbk.xml'), 'TransReq');
    const utf8 = parseAtsyh(fixture('seed-request.xml'), 'TransReq');
    expect(gbk.ok && gbk.charset).toBe('GBK');
    expect(gbk.ok && gbk.fields).toEqual(utf8.ok && utf8.fields);
  });
});

describe('DSP wire: charsets', () => {
  // python3 -c "print('重复签约'.encode('gbk').hex(), '测试'.encode('gbk').hex(), '𠀀'.encode('gb18030').hex())"
  it('encodes and decodes GBK and GB18030 as python3 does', () => {
    expect(encodeText('重复签约', 'GBK').toString('hex')).toBe('d6d8b8b4c7a9d4bc');
    expect(encodeText('测试', 'GB2312').toString('hex')).toBe('b2e2cad4');
    expect(encodeText('𠀀', 'GB18030').toString('hex')).toBe('95328236');
    expect(decodeText(Buffer.from('d6d8b8b4c7a9d4bc', 'hex'), 'GBK')).toBe('重复签约');
    expect(decodeText(Buffer.from('95328236', 'hex'), 'GB18030')).toBe('𠀀');
  });

  it('takes the BOM, then the declaration, then the content type, then UTF-8', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<ATSYH/>')]);
    expect(chooseCharset(bom, 'text/xml; charset=GBK')).toMatchObject({ charset: 'UTF-8', from: 'bom', skip: 3 });
    const declared = Buffer.from('<?xml version="1.0" encoding="gb18030"?><ATSYH/>');
    expect(chooseCharset(declared, 'text/xml; charset=UTF-8')).toMatchObject({ charset: 'GB18030' });
    expect(chooseCharset(declared, 'text/xml; charset=UTF-8').conflict).toContain('不一致');
    expect(chooseCharset(Buffer.from('<ATSYH/>'), 'application/xml;charset="GBK"').charset).toBe('GBK');
    expect(chooseCharset(Buffer.from('<ATSYH/>')).charset).toBe('UTF-8');
    expect(chooseCharset(Buffer.from('<?xml version="1.0" encoding="Big5"?>')).charset).toBeUndefined();
  });

  it('reads a GBK body labelled only by its content type, and refuses bytes that are not UTF-8', () => {
    const xml = '<ATSYH><TransReq><BankCode>测试</BankCode></TransReq></ATSYH>';
    const p = parseAtsyh(encodeText(xml, 'GBK'), 'TransReq', 'text/xml; charset=GBK');
    expect(p.ok && p.fields.BankCode).toBe('测试');
    const wrong = parseAtsyh(encodeText(xml, 'GBK'), 'TransReq', 'text/xml');
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.message).toContain('UTF-8');
  });

  it('shows a body as text in its own charset for the journal', () => {
    expect(bodyAsText(fixture('seed-response.gbk.xml'))).toContain('重复签约');
    expect(bodyAsText(encodeText('<a>测试</a>', 'GBK'))).toBe('<a>测试</a>');
  });
});

describe('DSP wire: safe parsing', () => {
  const bad = (xml: string | Buffer) => {
    const p = parseAtsyh(typeof xml === 'string' ? Buffer.from(xml) : xml, 'TransReq');
    return p.ok ? 'parsed' : p.message;
  };

  it('refuses a DOCTYPE, so no entity is ever defined or expanded', () => {
    const bomb =
      '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><ATSYH><TransReq><BankCode>&b;</BankCode></TransReq></ATSYH>';
    expect(bad(bomb)).toContain('DOCTYPE');
    expect(bad('<!doctype x SYSTEM "file:///etc/passwd"><ATSYH/>')).toContain('DOCTYPE');
  });

  it('decodes the predefined entities and character references only once', () => {
    const p = parseAtsyh(
      Buffer.from('<ATSYH><TransReq><PayName>A&amp;B &#27979;&#x8BD5; &amp;lt;</PayName></TransReq></ATSYH>'),
      'TransReq',
    );
    expect(p.ok && p.fields.PayName).toBe('A&B 测试 &lt;');
  });

  it('bounds nesting, size, and refuses a wrong root, a repeated or nested element, broken XML', () => {
    expect(bad(`<ATSYH>${'<a>'.repeat(20)}${'</a>'.repeat(20)}</ATSYH>`)).toMatch(/nested|嵌套|无法解析/i);
    expect(bad(Buffer.alloc(DSP_MAX_BODY_BYTES + 1, 0x20))).toContain('65536');
    expect(bad('<Other><TransReq/></Other>')).toContain('<ATSYH>');
    expect(bad('<ATSYH><TransResp/></ATSYH>')).toContain('<TransReq>');
    expect(bad('<ATSYH><TransReq><BankCode>1</BankCode><BankCode>2</BankCode></TransReq></ATSYH>')).toContain('2 次');
    expect(bad('<ATSYH><TransReq><BankCode><x>1</x></BankCode></TransReq></ATSYH>')).toContain('BankCode');
    const two = '<TransParam><DetailRecord><Step>01</Step></DetailRecord><DetailRecord/></TransParam>';
    expect(bad(`<ATSYH><TransReq>${two}</TransReq></ATSYH>`)).toContain('<DetailRecord> 出现了 2 次');
    expect(bad('<ATSYH><TransReq><BankCode>1</TransReq></ATSYH>')).toContain('XML 格式错误');
    expect(bad('')).toContain('XML');
  });

  it('reads a field with attributes as its text, CDATA as text, and skips comments', () => {
    const p = parseAtsyh(
      Buffer.from(
        '<ATSYH><TransReq><BankCode type="line">CMBC02</BankCode><!-- c --><Memo x="1"/>' +
          '<TransParam><DetailRecord><PayName><![CDATA[A&B<C>]]></PayName></DetailRecord></TransParam></TransReq></ATSYH>',
      ),
      'TransReq',
    );
    expect(p.ok && p.fields).toEqual({ BankCode: 'CMBC02', Memo: '', PayName: 'A&B<C>' });
  });

  it('salvages the echo fields of a body that does not parse', () => {
    const p = parseAtsyh(Buffer.from('<ATSYH><BankCode>CMBC02</BankCode><TransSeqID>77</TransSeqID><oops'), 'TransReq');
    expect(!p.ok && p.salvaged).toEqual({ BankCode: 'CMBC02', TransSeqID: '77' });
  });

  it('writes a request any field order parses back, and escapes what XML cannot hold raw', () => {
    const f = { TransType: 'DeContract', PayName: 'A<&>B\u0001', Step: '01' };
    const p = parseAtsyh(encodeDspRequest(f, 'GBK'), 'TransReq');
    expect(p.ok && p.fields).toEqual({ TransType: 'DeContract', PayName: 'A<&>B', Step: '01' });
  });
});
