/** A text field of a submitted form (FormData values are strings or Files; a File is not text). */
export function formText(data: FormData, name: string): string {
  const v = data.get(name);
  return typeof v === 'string' ? v : '';
}
