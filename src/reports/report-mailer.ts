// Sends a generated report by e-mail over SMTP (NGHE_SMTP_URL, nodemailer's URL form, from
// NGHE_ALERT_FROM), the PDF attached, to the recipients its configuration sets.
import nodemailer from 'nodemailer';

export interface ReportMail {
  to: string[];
  subject: string;
  text: string;
  pdf: { filename: string; content: Buffer };
}

export interface ReportMailer {
  send(mail: ReportMail): Promise<void>;
}

export function smtpReportMailer(url: string, from: string): ReportMailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to.join(', '),
        subject: mail.subject,
        text: mail.text,
        attachments: [
          {
            filename: mail.pdf.filename,
            content: mail.pdf.content,
            contentType: 'application/pdf',
          },
        ],
      });
    },
  };
}

/** Null when no SMTP server is configured. */
export function reportMailerFromEnv(env: NodeJS.ProcessEnv): ReportMailer | null {
  const url = env.NGHE_SMTP_URL;
  if (!url) return null;
  return smtpReportMailer(url, env.NGHE_ALERT_FROM ?? 'nghe <nghe@localhost>');
}
