// A thin layer over pdfkit for reports: A4 pages in DejaVu Sans (which covers Vietnamese),
// headings, paragraphs, label/value rows, and charts drawn as vector bars and lines. Each
// helper moves the cursor down and starts a new page when what it draws would not fit.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MARGIN = 50;
const INK = '#1f2933';
const MUTED = '#616e7c';
export const COLOURS = {
  negative: '#c0392b',
  positive: '#2e8b57',
  neutral: '#9aa5b1',
  volume: '#3d6fb6',
  band: '#f2c4bf',
  rule: '#cbd2d9',
};

export interface BarDatum {
  label: string;
  value: number;
  colour?: string;
}

export interface LinePoint {
  /** Position on the x axis, 0..n-1. */
  x: number;
  /** Null: no value (the line breaks). */
  y: number | null;
  band?: [number, number] | null;
}

export class PdfCanvas {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(info: { title: string; subject?: string }) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      info: { Title: info.title, Subject: info.subject ?? '', Creator: 'nghe' },
    });
    this.doc.registerFont('body', FONT);
    this.doc.registerFont('bold', FONT_BOLD);
    this.doc.font('body').fontSize(10).fillColor(INK);
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  /** Starts a new page when less than `height` points are left on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
  }

  title(text: string, subtitle?: string): void {
    this.doc
      .font('bold')
      .fontSize(18)
      .fillColor(INK)
      .text(text, MARGIN, this.doc.y, { width: this.width });
    if (subtitle)
      this.doc.font('body').fontSize(10).fillColor(MUTED).text(subtitle, { width: this.width });
    this.doc.moveDown(0.8).fillColor(INK);
  }

  heading(text: string): void {
    this.ensure(60);
    this.doc.moveDown(0.6);
    this.doc
      .font('bold')
      .fontSize(13)
      .fillColor(INK)
      .text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3).font('body').fontSize(10);
  }

  subheading(text: string): void {
    this.ensure(40);
    this.doc
      .font('bold')
      .fontSize(11)
      .fillColor(INK)
      .text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.2).font('body').fontSize(10);
  }

  paragraph(text: string, options: { muted?: boolean; size?: number } = {}): void {
    this.doc
      .font('body')
      .fontSize(options.size ?? 10)
      .fillColor(options.muted ? MUTED : INK)
      .text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.fillColor(INK).moveDown(0.3);
  }

  bullet(text: string, options: { muted?: boolean } = {}): void {
    this.doc
      .font('body')
      .fontSize(9.5)
      .fillColor(options.muted ? MUTED : INK)
      .text(`•  ${text}`, MARGIN + 8, this.doc.y, { width: this.width - 8 });
    this.doc.fillColor(INK).moveDown(0.15);
  }

  /** Label: value rows in two columns. */
  rows(rows: readonly [string, string][]): void {
    const labelWidth = Math.min(190, this.width * 0.38);
    for (const [label, value] of rows) {
      this.ensure(16);
      const y = this.doc.y;
      this.doc
        .font('body')
        .fontSize(9.5)
        .fillColor(MUTED)
        .text(label, MARGIN, y, { width: labelWidth });
      const afterLabel = this.doc.y;
      this.doc
        .fillColor(INK)
        .text(value, MARGIN + labelWidth + 8, y, { width: this.width - labelWidth - 8 });
      this.doc.y = Math.max(afterLabel, this.doc.y) + 2;
    }
    this.doc.moveDown(0.3);
  }

  /** Horizontal bars, one per datum, with the value printed after the bar. */
  bars(data: readonly BarDatum[], format: (v: number) => string = String): void {
    if (data.length === 0) return;
    const labelWidth = 150;
    const barArea = this.width - labelWidth - 60;
    const max = Math.max(...data.map((d) => d.value), 1e-9);
    const rowHeight = 16;
    this.ensure(data.length * rowHeight + 6);
    let y = this.doc.y;
    for (const d of data) {
      this.doc
        .font('body')
        .fontSize(8.5)
        .fillColor(INK)
        .text(d.label, MARGIN, y + 3, {
          width: labelWidth - 6,
          height: rowHeight,
          ellipsis: true,
          lineBreak: false,
        });
      const w = Math.max(1, (d.value / max) * barArea);
      this.doc.rect(MARGIN + labelWidth, y + 2, w, rowHeight - 5).fill(d.colour ?? COLOURS.volume);
      this.doc
        .fillColor(INK)
        .text(format(d.value), MARGIN + labelWidth + w + 4, y + 3, { lineBreak: false });
      y += rowHeight;
    }
    this.doc.fillColor(INK);
    this.doc.x = MARGIN;
    this.doc.y = y + 6;
  }

  /**
   * A chart of columns (e.g. daily volume) with an optional line over it on a 0..1 scale
   * (e.g. the negative share, with its interval as a band), and a vertical marker.
   */
  columnsWithLine(options: {
    columns: readonly number[];
    labels: readonly string[];
    line?: readonly LinePoint[];
    marker?: number;
    columnColour?: string;
    lineColour?: string;
    height?: number;
    caption?: string;
  }): void {
    const height = options.height ?? 150;
    this.ensure(height + 40);
    const top = this.doc.y + 4;
    const left = MARGIN + 30;
    const width = this.width - 60;
    const n = Math.max(1, options.columns.length);
    const step = width / n;
    const max = Math.max(1, ...options.columns);
    const doc = this.doc;
    doc.lineWidth(0.5).strokeColor(COLOURS.rule);
    doc
      .moveTo(left, top + height)
      .lineTo(left + width, top + height)
      .stroke();
    doc.font('body').fontSize(7).fillColor(MUTED);
    doc.text(String(max), MARGIN, top - 3, { width: 26, align: 'right', lineBreak: false });
    doc.text('0', MARGIN, top + height - 6, { width: 26, align: 'right', lineBreak: false });
    options.columns.forEach((v, i) => {
      const h = (v / max) * height;
      doc
        .rect(left + i * step + step * 0.15, top + height - h, step * 0.7, h)
        .fill(options.columnColour ?? COLOURS.volume);
    });
    if (options.line) {
      const yOf = (v: number) => top + height - v * height;
      const xOf = (x: number) => left + x * step + step / 2;
      for (const p of options.line) {
        if (!p.band) continue;
        doc
          .rect(
            xOf(p.x) - step * 0.35,
            yOf(p.band[1]),
            step * 0.7,
            Math.max(0.5, yOf(p.band[0]) - yOf(p.band[1])),
          )
          .fillOpacity(0.45)
          .fill(COLOURS.band)
          .fillOpacity(1);
      }
      doc.lineWidth(1.5).strokeColor(options.lineColour ?? COLOURS.negative);
      let drawing = false;
      for (const p of options.line) {
        if (p.y === null) {
          if (drawing) doc.stroke();
          drawing = false;
          continue;
        }
        if (!drawing) doc.moveTo(xOf(p.x), yOf(p.y));
        else doc.lineTo(xOf(p.x), yOf(p.y));
        drawing = true;
      }
      if (drawing) doc.stroke();
      for (const p of options.line) {
        if (p.y !== null)
          doc.circle(xOf(p.x), yOf(p.y), 1.6).fill(options.lineColour ?? COLOURS.negative);
      }
      doc.fillColor(MUTED).fontSize(7);
      doc.text('100 %', left + width + 3, top - 3, { lineBreak: false });
      doc.text('0 %', left + width + 3, top + height - 6, { lineBreak: false });
    }
    if (options.marker !== undefined) {
      const x = left + options.marker * step;
      doc.lineWidth(1).strokeColor(INK).dash(3, { space: 2 });
      doc
        .moveTo(x, top - 2)
        .lineTo(x, top + height + 2)
        .stroke();
      doc.undash();
    }
    // Every few labels along the axis, so they do not overlap.
    const every = Math.max(1, Math.ceil(n / 10));
    doc.fillColor(MUTED).fontSize(6.5);
    options.labels.forEach((label, i) => {
      if (i % every !== 0) return;
      doc.text(label, left + i * step - 10, top + height + 3, {
        width: step * every + 20,
        lineBreak: false,
      });
    });
    doc.fillColor(INK);
    doc.x = MARGIN;
    doc.y = top + height + 16;
    if (options.caption) this.paragraph(options.caption, { muted: true, size: 8 });
  }

  /** Finishes the document; resolves to the PDF bytes. */
  finish(): Promise<Buffer> {
    // Page numbers on every page.
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      // The footer sits in the bottom margin: lift the margin so pdfkit adds no page for it.
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc
        .font('body')
        .fontSize(7.5)
        .fillColor(MUTED)
        .text(`${i + 1} / ${range.count}`, MARGIN, this.doc.page.height - MARGIN + 16, {
          width: this.width,
          align: 'right',
          lineBreak: false,
        });
      this.doc.page.margins.bottom = bottom;
    }
    this.doc.end();
    return this.done;
  }
}
