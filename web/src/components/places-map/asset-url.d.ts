// Vite turns `import x from './file?url'` into the built asset's address.
declare module '*?url' {
  const url: string;
  export default url;
}
