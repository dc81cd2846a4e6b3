// The build inlines each .lua file as its source text.
declare module "*.lua" {
  const source: string;
  export default source;
}
